package com.acme.orders.command.history;

import com.acme.orders.command.web.CommandRequests;
import com.acme.orders.platform.eventstore.RecordedEvent;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /orders/{id}/history}: 200 with every event of the order in version order, each saying whether it
 * was read from the archive; 404 for an id no order ever had.
 */
public final class OrderHistoryEndpoint implements Handler {

    /** The answer: the order's id and its events. */
    record HistoryJson(long orderId, List<EventJson> events) {
    }

    /** One event as stored: the payload in its stored schema version. */
    record EventJson(UUID eventId, String type, long version, int schemaVersion, Instant occurredAt,
                     @JsonRawValue String payload, boolean archived) {

        static EventJson of(RecordedEvent event) {
            return new EventJson(event.eventId(), event.type(), event.version(), event.schemaVersion(),
                    event.occurredAt(), event.payloadJson(), event.archived());
        }
    }

    private final OrderHistory history;

    public OrderHistoryEndpoint(OrderHistory history) {
        this.history = history;
    }

    @Override
    public void handle(Context ctx) {
        long orderId = CommandRequests.orderId(ctx);

        List<RecordedEvent> events = history.of(orderId);

        ctx.json(new HistoryJson(orderId, events.stream().map(EventJson::of).toList()));
    }
}
