package com.acme.orders.command.saga;

import com.acme.orders.command.web.CommandRequests;
import com.acme.orders.platform.http.ProblemType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /orders/{id}/saga}: where the order's saga is and every step it took, with causes, times and the
 * commands it sent — for support staff asking "why was my order cancelled?". 404 when the order has no saga.
 */
public final class SagaEndpoint implements Handler {

    private final Jdbi jdbi;
    private final Sagas sagas;

    public SagaEndpoint(Jdbi jdbi, Sagas sagas) {
        this.jdbi = jdbi;
        this.sagas = sagas;
    }

    @Override
    public void handle(Context ctx) {
        long orderId = CommandRequests.orderId(ctx);

        Map<String, Object> body = jdbi.inTransaction(handle -> sagas.find(handle, orderId).map(saga -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("orderId", orderId);
            json.put("step", saga.saga().step().name());
            json.put("stockReserved", saga.saga().stockReserved());
            json.put("paymentAuthorized", saga.saga().paymentAuthorized());
            json.put("amount", saga.saga().amount());
            json.put("currency", saga.saga().currency());
            json.put("awaiting", saga.saga().pending().stream().map(Enum::name).sorted().toList());
            json.put("cancellationReason", saga.saga().cancellationReason());
            json.put("deadline", text(saga.deadline()));
            json.put("startedAt", text(saga.startedAt()));
            json.put("updatedAt", text(saga.updatedAt()));
            json.put("finishedAt", text(saga.finishedAt()));
            json.put("version", saga.version());
            List<Map<String, Object>> steps = sagas.history(handle, orderId).stream().map(step -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("version", step.version());
                entry.put("at", text(step.at()));
                entry.put("cause", step.cause());
                entry.put("step", step.step().name());
                entry.put("summary", step.summary());
                entry.put("commands", step.commands());
                return entry;
            }).toList();
            json.put("steps", steps);
            return json;
        }).orElseThrow(() -> ProblemType.SAGA_NOT_FOUND.exception("order " + orderId + " has no saga")));

        ctx.json(body);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
