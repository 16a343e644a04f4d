package com.acme.orders.platform.messaging;

import com.acme.orders.platform.config.Env;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the {@code inbox} and {@code rejected_messages} of a service from growing without bound: ids of messages
 * processed longer ago than {@link Settings#inbox()} and rejected records older than {@link Settings#rejected()}
 * are deleted, in small batches (each its own short transaction) so that pruning never holds locks that the
 * consumer waits for.
 *
 * <p>An inbox id only has to outlive every redelivery of its message. Kafka redelivers what a consumer group has
 * not committed (a crash, a rebalance: seconds to minutes), and at worst a topic re-read from its start, which
 * holds no record older than the topic's retention (Kafka's default {@code retention.ms} is 7 days). So the inbox
 * retention must be at least the retention of the topics it consumes; the default 7 days matches Kafka's default.
 */
public final class MessageRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageRetention.class);
    static final int BATCH = 1000;

    /**
     * How long what is kept.
     *
     * @param inbox    how long the id of a processed message is kept (at least the consumed topics' retention)
     * @param rejected how long a rejected record is kept for an operator to look at
     * @param interval how often pruning runs
     */
    public record Settings(Duration inbox, Duration rejected, Duration interval) {

        public Settings {
            if (inbox.isNegative() || inbox.isZero() || rejected.isNegative() || rejected.isZero()
                    || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("retention durations and interval must be positive");
            }
        }

        /**
         * {@code inboxVariable} (7d), {@code REJECTED_RETENTION} (30d) and {@code RETENTION_INTERVAL} (1h).
         * The participants read the inbox retention from {@code INBOX_RETENTION}, the command app its saga reply
         * inbox from {@code SAGA_INBOX_RETENTION}.
         */
        public static Settings fromEnv(Env env, String inboxVariable) {
            return new Settings(env.duration(inboxVariable, Duration.ofDays(7)),
                    env.duration("REJECTED_RETENTION", Duration.ofDays(30)),
                    env.duration("RETENTION_INTERVAL", Duration.ofHours(1)));
        }
    }

    /** What one run deleted. */
    public record Pruned(long inboxIds, long rejectedMessages) {
    }

    private final Jdbi jdbi;
    private final Settings settings;
    private final Clock clock;
    private final String inboxTable;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "message-retention");
        thread.setDaemon(true);
        return thread;
    });

    /** Over the tables {@code inbox} and {@code rejected_messages}. */
    public MessageRetention(Jdbi jdbi, Settings settings, Clock clock) {
        this(jdbi, settings, clock, "inbox");
    }

    /** Over the inbox table {@code inboxTable} and {@code rejected_messages}. */
    public MessageRetention(Jdbi jdbi, Settings settings, Clock clock, String inboxTable) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.clock = clock;
        this.inboxTable = Tables.checkName(inboxTable);
    }

    /** Prunes now and then every {@link Settings#interval()} on its own thread, until closed. */
    public void start() {
        timer.scheduleWithFixedDelay(this::pruneAndLog, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pruning run that logs what it did and never throws (for a scheduler). */
    public void pruneAndLog() {
        try {
            Pruned pruned = prune();
            if (pruned.inboxIds() > 0 || pruned.rejectedMessages() > 0) {
                log.info("pruned inbox ids count={} olderThan={}, rejected messages count={} olderThan={}",
                        pruned.inboxIds(), settings.inbox(), pruned.rejectedMessages(), settings.rejected());
            }
        } catch (RuntimeException e) {
            log.warn("pruning inbox and rejected messages failed: {}", e.getMessage());
        }
    }

    /** Deletes, batch by batch, every inbox id and rejected record past its retention. */
    public Pruned prune() {
        Instant now = clock.instant();
        long inboxIds = deleteInBatches("""
                DELETE FROM %1$s WHERE message_id IN (
                    SELECT message_id FROM %1$s WHERE processed_at < :cutoff LIMIT :batch)""".formatted(inboxTable),
                now.minus(settings.inbox()));
        long rejected = deleteInBatches("""
                DELETE FROM rejected_messages WHERE id IN (
                    SELECT id FROM rejected_messages WHERE rejected_at < :cutoff LIMIT :batch)""",
                now.minus(settings.rejected()));
        return new Pruned(inboxIds, rejected);
    }

    private long deleteInBatches(String sql, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(handle -> handle.createUpdate(sql)
                    .bind("cutoff", cutoff)
                    .bind("batch", BATCH)
                    .execute());
            total += deleted;
        } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
