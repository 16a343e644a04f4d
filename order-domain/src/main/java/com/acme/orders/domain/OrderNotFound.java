package com.acme.orders.domain;

/** No order has this id. */
public final class OrderNotFound extends DomainError {

    private final long orderId;

    public OrderNotFound(long orderId) {
        super("order " + orderId + " does not exist");
        this.orderId = orderId;
    }

    public long orderId() {
        return orderId;
    }
}
