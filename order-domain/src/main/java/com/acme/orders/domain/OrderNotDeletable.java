package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

/** The order is in fulfilment; see {@link OrderStatus#isDeletable()}. */
public final class OrderNotDeletable extends DomainError {

    private final long orderId;
    private final OrderStatus status;

    public OrderNotDeletable(long orderId, OrderStatus status) {
        super("order " + orderId + " cannot be deleted in status " + status
                + " (only PENDING, DELIVERED or CANCELLED orders can be deleted; cancel it first)");
        this.orderId = orderId;
        this.status = status;
    }

    public long orderId() {
        return orderId;
    }

    public OrderStatus status() {
        return status;
    }
}
