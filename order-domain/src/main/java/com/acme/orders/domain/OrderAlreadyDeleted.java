package com.acme.orders.domain;

/** The order was deleted; it accepts no further commands. */
public final class OrderAlreadyDeleted extends DomainError {

    private final long orderId;
    private final long version;

    public OrderAlreadyDeleted(long orderId, long version) {
        super("order " + orderId + " was deleted (version " + version + ") and accepts no further changes");
        this.orderId = orderId;
        this.version = version;
    }

    public long orderId() {
        return orderId;
    }

    public long version() {
        return version;
    }
}
