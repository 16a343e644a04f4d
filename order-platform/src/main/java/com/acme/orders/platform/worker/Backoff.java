package com.acme.orders.command.outbox;

import java.time.Duration;

/** Exponential backoff: doubles from {@code min} up to {@code max}, back to {@code min} after a success. */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    Duration next() {
        Duration current = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return current;
    }

    void reset() {
        next = min;
    }
}
