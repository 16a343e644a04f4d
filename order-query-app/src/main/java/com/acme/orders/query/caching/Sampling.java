package com.acme.orders.query.caching;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one occasion through per interval, whatever the number of callers: for a measurement whose own cost should
 * not grow with the load it measures.
 */
final class Sampling {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAt;

    Sampling(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.nextAt = new AtomicLong(nanoClock.getAsLong());
    }

    /** True for the first call at or after the next sampling time, which it moves one interval past now. */
    boolean due() {
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        return now - next >= 0 && nextAt.compareAndSet(next, now + intervalNanos);
    }
}
