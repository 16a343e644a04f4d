package com.acme.orders.domain;

import com.acme.orders.events.OrderEventEnvelope;

import java.util.List;
import java.util.Objects;

/**
 * What a command did: the order's new state and the events that explain it, in order. An empty event list
 * means the command changed nothing (e.g. setting the status it already has).
 */
public record Change(Order order, List<OrderEventEnvelope> events) {

    public Change {
        Objects.requireNonNull(order, "order");
        events = List.copyOf(events);
    }

    static Change none(Order order) {
        return new Change(order, List.of());
    }

    public boolean changedAnything() {
        return !events.isEmpty();
    }
}
