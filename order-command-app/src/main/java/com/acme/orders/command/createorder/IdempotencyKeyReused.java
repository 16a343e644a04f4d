package com.acme.orders.command.createorder;

/** An {@code Idempotency-Key} came back with a different request body than the first time. */
public final class IdempotencyKeyReused extends RuntimeException {

    private final String key;

    public IdempotencyKeyReused(String key) {
        super("Idempotency-Key '" + key + "' was already used with a different request body", null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
