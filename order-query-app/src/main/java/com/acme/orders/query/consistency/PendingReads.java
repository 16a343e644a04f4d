package com.acme.orders.query.consistency;

import com.acme.orders.platform.http.ConsistencyToken;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The requests waiting for the read model to reach a version. A request registers here; the listener
 * releases it when a change shows its version, or the bound runs out first.
 */
final class PendingReads {

    /**
     * One waiting request; {@code caughtUp} completes with true when released, with false when the bound ran out.
     * {@code heardAtNanos} is when the notification that released it arrived (0 when no notification did).
     */
    record Waiter(ConsistencyToken token, CompletableFuture<Boolean> caughtUp, AtomicLong heardAtNanos) {

        void release() {
            caughtUp.complete(true);
        }

        void release(long heardAtNanos) {
            this.heardAtNanos.compareAndSet(0, heardAtNanos);
            release();
        }
    }

    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    Waiter register(ConsistencyToken token, Duration bound) {
        Waiter waiter = new Waiter(token, new CompletableFuture<>(), new AtomicLong());
        waiters.add(waiter);
        waiter.caughtUp().whenComplete((consistent, failure) -> waiters.remove(waiter));
        waiter.caughtUp().completeOnTimeout(false, bound.toMillis(), TimeUnit.MILLISECONDS);
        return waiter;
    }

    /** The ids among {@code changed} that some request waits for. */
    Set<Long> awaited(ChangedOrders changed) {
        return waiters.stream()
                .map(waiter -> waiter.token().orderId())
                .filter(changed::includes)
                .collect(Collectors.toSet());
    }

    /**
     * Releases every request whose order has reached its version in {@code versions}, read after a notification
     * that arrived at {@code heardAtNanos} ({@link System#nanoTime()}).
     */
    void release(Map<Long, Long> versions, long heardAtNanos) {
        for (Waiter waiter : waiters) {
            Long version = versions.get(waiter.token().orderId());
            if (version != null && version >= waiter.token().version()) {
                waiter.release(heardAtNanos);
            }
        }
    }

    int size() {
        return waiters.size();
    }
}
