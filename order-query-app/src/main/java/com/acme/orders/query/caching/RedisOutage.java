package com.acme.orders.query.caching;

/**
 * Whether the shared tier is in an outage, by the commands' outcomes and when they began: a failure starts one (and
 * pauses commands for {@code retryNanos}), and only an answer to a command begun after the latest failure ends it.
 *
 * <p>Commands already on their way when one failed are answered after it: under a burst of load a slow reply times
 * out while the ones behind it arrive in time. Counting those answers ended the outage a few milliseconds after it
 * began, the next slow reply started another, and each flap logged a WARN and an INFO line: 29 of each in 80 s of
 * the bench's GET mix on a starved machine, 21 of them over within 53 ms (BENCHMARKS.md, 2026-12-02 night), where
 * one was meant per outage.
 *
 * <p>Times are {@link System#nanoTime()} readings, compared by difference; safe for any number of threads. Outside an
 * outage, what every command asks is answered without taking the lock.
 */
final class RedisOutage {

    private final long retryNanos;
    private volatile boolean down;
    private long failedAt;

    RedisOutage(long retryNanos) {
        this.retryNanos = retryNanos;
    }

    /** Whether a command should not be sent at {@code now}: in an outage, before its retry is due. */
    boolean skipping(long now) {
        if (!down) {
            return false;
        }
        synchronized (this) {
            return down && now - failedAt < retryNanos;
        }
    }

    /** A command failed at {@code now}; true when this began an outage. */
    synchronized boolean failed(long now) {
        failedAt = now;
        boolean began = !down;
        down = true;
        return began;
    }

    /** A command begun at {@code startedAt} was answered; true when this ended an outage. */
    boolean answered(long startedAt) {
        if (!down) {
            return false;
        }
        synchronized (this) {
            if (!down || startedAt - failedAt < 0) {
                return false;
            }
            down = false;
            return true;
        }
    }

    boolean down() {
        return down;
    }
}
