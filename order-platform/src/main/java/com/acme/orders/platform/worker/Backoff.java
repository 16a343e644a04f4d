package com.acme.orders.platform.worker;

import java.time.Duration;

/**
 * Exponential backoff: doubles from {@code min} up to {@code max}, back to {@code min} after a success. Not
 * thread-safe; each loop owns its own.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, was " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The wait before the next attempt; the one after it is twice as long, up to {@code max}. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** After a success: the next failure waits {@code min} again. */
    public void reset() {
        next = min;
    }
}
