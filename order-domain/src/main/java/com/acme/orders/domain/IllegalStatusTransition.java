package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

/** The status machine does not allow this move. */
public final class IllegalStatusTransition extends DomainError {

    private final long orderId;
    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalStatusTransition(long orderId, OrderStatus from, OrderStatus to) {
        super("order " + orderId + " cannot change status from " + from + " to " + to
                + (from.isFinal() ? " (" + from + " is final)" : " (allowed from " + from + ": " + from.next() + ")"));
        this.orderId = orderId;
        this.from = from;
        this.to = to;
    }

    public long orderId() {
        return orderId;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
