package com.acme.orders.command.saga;

import com.acme.orders.platform.db.Postgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks for sagas whose step deadline passed, every {@code SAGA_TIMEOUT_POLL}, on every instance: the deadlines
 * are stored, so those that passed while no instance ran are found after a restart, and rows are taken with
 * SKIP LOCKED, so no saga times out twice.
 */
public final class SagaTimeouts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SagaTimeouts.class);
    private static final int BATCH = 100;

    private final Orchestrator orchestrator;
    private final Duration poll;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "saga-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    public SagaTimeouts(Orchestrator orchestrator, Duration poll) {
        this.orchestrator = orchestrator;
        this.poll = poll;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::fireDue, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fireDue() {
        try {
            while (orchestrator.timeOutDue(BATCH) == BATCH) {
                log.debug("a full batch of saga timeouts; looking for more");
            }
        } catch (RuntimeException e) {
            if (Postgres.isUnavailable(e)) {
                log.warn("saga timeouts cannot reach the database, trying again in {} ms: {}", poll.toMillis(),
                        e.getMessage());
            } else {
                log.error("saga timeouts failed, trying again in {} ms", poll.toMillis(), e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
