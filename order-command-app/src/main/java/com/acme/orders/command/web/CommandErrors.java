package com.acme.orders.command.web;

import com.acme.orders.command.createorder.IdempotencyKeyReused;
import com.acme.orders.domain.DomainError;
import com.acme.orders.domain.IllegalStatusTransition;
import com.acme.orders.domain.InvalidCommand;
import com.acme.orders.domain.OrderAlreadyDeleted;
import com.acme.orders.domain.OrderNotDeletable;
import com.acme.orders.domain.OrderNotFound;
import com.acme.orders.domain.StaleVersion;
import com.acme.orders.platform.http.FieldError;
import com.acme.orders.platform.http.HttpErrors;
import com.acme.orders.platform.http.Problem;
import io.javalin.config.JavalinConfig;

import java.util.List;

/** The one place where command-side errors become HTTP statuses. */
public final class CommandErrors {

    private CommandErrors() {
    }

    public static void install(JavalinConfig config, HttpErrors errors) {
        config.routes.exception(DomainError.class, (e, ctx) -> {
            if (e instanceof StaleVersion stale) {
                ctx.header("ETag", OrderResponses.etag(stale.actual()));
            }
            errors.send(ctx, problem(e));
        });
        config.routes.exception(IdempotencyKeyReused.class, (e, ctx) -> errors.send(ctx,
                Problem.of("idempotency-key-reused", "Idempotency key reused", 422, e.getMessage())));
    }

    static Problem problem(DomainError error) {
        if (error instanceof InvalidCommand invalid) {
            return Problem.invalid(List.of(new FieldError(invalid.field(), invalid.reason())));
        }
        if (error instanceof OrderNotFound) {
            return Problem.of("order-not-found", "Order not found", 404, error.getMessage());
        }
        if (error instanceof IllegalStatusTransition) {
            return Problem.of("illegal-status-transition", "Illegal status transition", 409, error.getMessage());
        }
        if (error instanceof OrderNotDeletable) {
            return Problem.of("order-not-deletable", "Order cannot be deleted", 409, error.getMessage());
        }
        if (error instanceof OrderAlreadyDeleted) {
            return Problem.of("order-deleted", "Order deleted", 410, error.getMessage());
        }
        if (error instanceof StaleVersion) {
            return Problem.of("stale-version", "Precondition failed", 412, error.getMessage());
        }
        throw new IllegalStateException("unmapped domain error " + error.getClass().getName());
    }
}
