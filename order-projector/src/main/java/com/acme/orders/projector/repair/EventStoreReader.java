package com.acme.orders.projector.repair;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.platform.eventstore.EventHistory;
import com.acme.orders.platform.eventstore.RecordedEvent;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the event store in the write database, the source of truth the read model is derived from: to fill a gap
 * in one order's history, or to rebuild everything. Archived events are read like hot ones ({@link EventHistory}).
 */
public final class EventStoreReader {

    private final Jdbi writeDatabase;
    private final EventCodec codec;

    public EventStoreReader(Jdbi writeDatabase, EventCodec codec) {
        this.writeDatabase = writeDatabase;
        this.codec = codec;
    }

    /** The events of one order with versions {@code from..to} inclusive, oldest first (fewer if the store lacks some). */
    public List<OrderEventEnvelope> history(long orderId, long from, long to) {
        return EventHistory.inSnapshot(writeDatabase, handle -> EventHistory.ofOrder(handle, orderId, from, to))
                .stream()
                .map(this::decode)
                .toList();
    }

    /**
     * Streams every event, grouped by order in version order, from one consistent snapshot of the store.
     * Memory stays constant whatever the store's size.
     */
    public void forEachInOrderOfOrders(Consumer<OrderEventEnvelope> sink) {
        EventHistory.inSnapshot(writeDatabase, handle -> {
            try (EventHistory.Cursor events = EventHistory.inOrderOfOrders(handle, 5_000)) {
                events.forEachRemaining(event -> sink.accept(decode(event)));
            }
            return null;
        });
    }

    private OrderEventEnvelope decode(RecordedEvent event) {
        return new OrderEventEnvelope(event.eventId(), event.orderId(), event.version(), event.occurredAt(),
                codec.decodePayload(event.type(), event.schemaVersion(), event.payloadJson()));
    }
}
