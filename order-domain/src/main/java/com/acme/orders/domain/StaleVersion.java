package com.acme.orders.domain;

/** The client expected another version than the current one (optimistic concurrency). */
public final class StaleVersion extends DomainError {

    private final long orderId;
    private final long expected;
    private final long actual;

    public StaleVersion(long orderId, long expected, long actual) {
        super("order " + orderId + " is at version " + actual + ", not the expected version " + expected);
        this.orderId = orderId;
        this.expected = expected;
        this.actual = actual;
    }

    public long orderId() {
        return orderId;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
