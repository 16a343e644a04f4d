package com.acme.orders.command.web;

import com.acme.orders.command.createorder.IdempotencyKeyReused;
import com.acme.orders.command.saga.ConfirmedBySaga;
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
import com.acme.orders.platform.http.ProblemType;
import io.javalin.config.JavalinConfig;

import java.util.List;

/**
 * Which {@link ProblemType} each command-side error is (the statuses are in that one table), and the headers
 * that go with some: the current {@code ETag} with a stale version, the scheme with a 401.
 */
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
                ProblemType.IDEMPOTENCY_KEY_REUSED.problem(e.getMessage())));
        config.routes.exception(ConfirmedBySaga.class, (e, ctx) -> errors.send(ctx,
                ProblemType.CONFIRMED_BY_SAGA.problem(e.getMessage())));
    }

    static Problem problem(DomainError error) {
        if (error instanceof InvalidCommand invalid) {
            return Problem.invalid(List.of(new FieldError(invalid.field(), invalid.reason())));
        }
        return type(error).problem(error.getMessage());
    }

    private static ProblemType type(DomainError error) {
        if (error instanceof OrderNotFound) {
            return ProblemType.ORDER_NOT_FOUND;
        }
        if (error instanceof IllegalStatusTransition) {
            return ProblemType.ILLEGAL_STATUS_TRANSITION;
        }
        if (error instanceof OrderNotDeletable) {
            return ProblemType.ORDER_NOT_DELETABLE;
        }
        if (error instanceof OrderAlreadyDeleted) {
            return ProblemType.ORDER_DELETED;
        }
        if (error instanceof StaleVersion) {
            return ProblemType.STALE_VERSION;
        }
        throw new IllegalStateException("unmapped domain error " + error.getClass().getName());
    }
}
