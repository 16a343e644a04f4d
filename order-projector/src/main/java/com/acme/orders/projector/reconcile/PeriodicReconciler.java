package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.db.Postgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a repairing reconcile pass on one daemon thread, {@code interval} after the previous one ended. A failed
 * pass is logged and the next one comes as planned: the alarm never stops the projector.
 */
public final class PeriodicReconciler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicReconciler.class);

    private final Reconciler reconciler;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconciler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private PeriodicReconciler(Reconciler reconciler, Duration interval) {
        this.reconciler = reconciler;
        this.interval = interval;
    }

    /**
     * Schedules the passes. The first waits a whole interval too: a projector that just started is usually
     * catching up, and every order it has not reached yet would look drifted.
     */
    public static PeriodicReconciler start(Reconciler reconciler, Duration interval) {
        PeriodicReconciler periodic = new PeriodicReconciler(reconciler, interval);
        periodic.executor.scheduleWithFixedDelay(periodic::runOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("reconciler scheduled intervalMs={}", interval.toMillis());
        return periodic;
    }

    private void runOnce() {
        try {
            reconciler.run(Reconciler.Mode.REPAIR, line -> { });
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            // A throw would cancel every later run of a scheduled task, so it ends here.
            if (Postgres.isUnavailable(e)) {
                log.warn("reconcile pass failed, a database is unreachable; next pass in {} ms: {}",
                        interval.toMillis(), e.getMessage());
            } else {
                log.warn("reconcile pass failed; next pass in {} ms", interval.toMillis(), e);
            }
        }
    }

    /** Stops the schedule, interrupts a pass waiting out its grace period, and waits up to 10 s for a running one. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
