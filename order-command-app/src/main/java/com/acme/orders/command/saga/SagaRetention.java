package com.acme.orders.command.saga;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes finished sagas, their steps and the commands they sent once they are older than {@code SAGA_RETENTION}, in small batches (each
 * its own short transaction, rows a saga worker holds are skipped), so that {@code sagas}, {@code saga_steps} and
 * {@code saga_commands} hold what is in flight and the recent past, not every order ever placed. A command is only
 * read through its {@code outbox} row, which the relay deletes once it is on Kafka; a command still in the outbox
 * (Kafka down for a month) is kept until it is published.
 *
 * <p>A CANCELLED saga owes nothing. A CONFIRMED saga still owes the compensation of a customer's cancel (refund or
 * void, release of stock) as long as its order can be cancelled, so it is kept while its order is CONFIRMED or
 * PROCESSING; it goes once the order is shipped, delivered, cancelled, deleted or archived away. After deletion
 * {@code GET /orders/{id}/saga} answers 404 for that order; its events keep the history.
 */
public final class SagaRetention {

    private static final Logger log = LoggerFactory.getLogger(SagaRetention.class);
    /** Sagas deleted per transaction. */
    public static final int BATCH = 500;

    /** What one run deleted. */
    public record Pruned(long sagas, long steps, long commands) {
    }

    private final Jdbi jdbi;
    private final Duration retention;
    private final Clock clock;

    public SagaRetention(Jdbi jdbi, Duration retention, Clock clock) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.clock = clock;
    }

    /** One run that logs what it did and never throws (for the housekeeping scheduler). */
    public void pruneAndLog() {
        try {
            Pruned pruned = prune();
            if (pruned.sagas() > 0) {
                log.info("deleted finished sagas count={} steps={} commands={} finishedBefore={} ago", pruned.sagas(),
                        pruned.steps(), pruned.commands(), retention);
            }
        } catch (RuntimeException e) {
            log.warn("deleting finished sagas failed: {}", e.getMessage());
        }
    }

    /** Deletes, batch by batch, every finished saga past its retention whose order can no longer need it. */
    public Pruned prune() {
        Instant cutoff = clock.instant().minus(retention);
        long sagas = 0;
        long steps = 0;
        long commands = 0;
        Pruned batch;
        do {
            batch = jdbi.inTransaction(handle -> handle.createQuery("""
                            WITH due AS (
                                SELECT s.order_id FROM sagas s LEFT JOIN orders o ON o.id = s.order_id
                                 WHERE s.step IN ('CONFIRMED', 'CANCELLED') AND s.finished_at < :cutoff
                                   AND (s.step = 'CANCELLED' OR o.id IS NULL OR o.deleted_at IS NOT NULL
                                        OR o.status IN ('SHIPPED', 'DELIVERED', 'CANCELLED'))
                                 ORDER BY s.finished_at
                                 LIMIT :batch
                                 FOR UPDATE OF s SKIP LOCKED),
                            gone AS (DELETE FROM sagas s USING due WHERE s.order_id = due.order_id
                                     RETURNING s.order_id),
                            gone_steps AS (DELETE FROM saga_steps t USING gone WHERE t.order_id = gone.order_id
                                           RETURNING 1),
                            gone_commands AS (DELETE FROM saga_commands c USING gone WHERE c.order_id = gone.order_id
                                              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.position = c.position)
                                              RETURNING 1)
                            SELECT (SELECT count(*) FROM gone) AS sagas, (SELECT count(*) FROM gone_steps) AS steps,
                                   (SELECT count(*) FROM gone_commands) AS commands""")
                    .bind("cutoff", cutoff)
                    .bind("batch", BATCH)
                    .map((rs, ctx) -> new Pruned(rs.getLong("sagas"), rs.getLong("steps"),
                            rs.getLong("commands")))
                    .one());
            sagas += batch.sagas();
            steps += batch.steps();
            commands += batch.commands();
        } while (batch.sagas() == BATCH && !Thread.currentThread().isInterrupted());
        return new Pruned(sagas, steps, commands);
    }
}
