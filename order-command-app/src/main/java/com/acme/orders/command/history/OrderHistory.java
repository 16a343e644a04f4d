package com.acme.orders.command.history;

import com.acme.orders.domain.OrderNotFound;
import com.acme.orders.platform.eventstore.EventHistory;
import com.acme.orders.platform.eventstore.RecordedEvent;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** Reads one order's whole history from the event store and its archive, in one snapshot. */
public final class OrderHistory {

    private final Jdbi jdbi;

    public OrderHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The order's events, oldest first; a deleted order's too (its last event is the deletion).
     *
     * @throws OrderNotFound when no event of this order exists, hot or archived
     */
    public List<RecordedEvent> of(long orderId) {
        List<RecordedEvent> events = EventHistory.inSnapshot(jdbi, handle -> EventHistory.ofOrder(handle, orderId));
        if (events.isEmpty()) {
            throw new OrderNotFound(orderId);
        }
        return events;
    }
}
