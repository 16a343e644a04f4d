package com.acme.orders.command.archive;

import com.acme.orders.command.store.EventArchive;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the event store small, batch by batch beside live traffic: archives the events of finished orders past
 * {@code ARCHIVE_AFTER} ({@link EventArchive}, one transaction per batch), drops emptied month partitions, creates
 * the coming ones, and reports sizes and the default partition.
 */
public final class Archiver {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    /** Beyond this many unpublished events a run waits for the relay to catch up. */
    static final int OUTBOX_LIMIT = 10_000;

    /** What a run did. {@code dryRun}: counted and compressed, then rolled back. */
    public record Run(boolean dryRun, long orders, long events, long rawBytes, long compressedBytes,
                      List<String> droppedPartitions, Duration took) {

        public double eventsPerSecond() {
            return took.isZero() ? 0 : events * 1000.0 / Math.max(1, took.toMillis());
        }

        public String summary() {
            return String.format("%s %d events of %d orders, %d bytes compressed to %d in %d ms (%.0f events/s)%s",
                    dryRun ? "would archive" : "archived", events, orders, rawBytes, compressedBytes, took.toMillis(),
                    eventsPerSecond(), droppedPartitions.isEmpty() ? ""
                            : "; dropped empty partitions " + String.join(", ", droppedPartitions));
        }
    }

    private final Jdbi jdbi;
    private final EventArchive archive;
    private final EventPartitions partitions;
    private final ArchiveSettings settings;
    private final Clock clock;
    private final ArchiveMetrics metrics;

    public Archiver(Jdbi jdbi, ArchiveSettings settings, Clock clock, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.archive = new EventArchive();
        this.partitions = new EventPartitions(jdbi);
        this.settings = settings;
        this.clock = clock;
        this.metrics = new ArchiveMetrics(registry);
    }

    /** At start and on every periodic round: partitions for the coming months, and what fell into the default. */
    public void preparePartitions() {
        partitions.createAhead(clock.instant(), settings.partitionsAhead());
        long stray = partitions.eventsInDefault();
        metrics.defaultPartition(stray);
        if (stray > 0) {
            log.warn("event store default partition holds events count={}: their months had no partition;"
                    + " they are read and archived like any other", stray);
        }
    }

    /** One periodic round: partitions, archive, drop emptied months, sizes. Never throws. */
    public void housekeeping() {
        try {
            preparePartitions();
            run(false, line -> log.debug("{}", line));
        } catch (RuntimeException e) {
            log.warn("event store housekeeping failed: {}", e.getMessage());
        }
    }

    /**
     * Archives everything due now, in batches of {@code ARCHIVE_BATCH_SIZE} orders, each its own transaction;
     * then drops the month partitions left empty. {@code progress} gets a line per batch.
     */
    public Run run(boolean dryRun, Consumer<String> progress) {
        Instant started = clock.instant();
        if (jdbi.withHandle(handle -> archive.outboxLongerThan(handle, OUTBOX_LIMIT))) {
            // Kafka has been away: finding which orders still wait would cost more than archiving saves now.
            log.warn("event store archive skipped: the outbox holds more than {} events", OUTBOX_LIMIT);
            progress.accept("skipped: the outbox holds more than " + OUTBOX_LIMIT + " events; the relay is behind");
            return new Run(dryRun, 0, 0, 0, 0, List.of(), Duration.ZERO);
        }
        Instant cutoff = started.minus(settings.after());
        long after = 0;
        long orders = 0;
        long events = 0;
        long raw = 0;
        long compressed = 0;
        long startNanos = System.nanoTime();
        while (true) {
            EventArchive.Batch batch = batch(after, cutoff, dryRun);
            after = batch.lastOrderId();
            orders += batch.ordersArchived();
            events += batch.events();
            raw += batch.rawBytes();
            compressed += batch.compressedBytes();
            if (!dryRun) {
                metrics.batch(batch);
            }
            if (batch.events() > 0) {
                progress.accept(String.format("%s orders=%d events=%d (so far: %d orders, %d events, %d -> %d bytes)"
                                + " upToOrderId=%d", dryRun ? "would archive" : "archived", batch.ordersArchived(),
                        batch.events(), orders, events, raw, compressed, after));
            }
            if (batch.exhausted(settings.batchSize())) {
                break;
            }
        }
        List<String> dropped = dryRun ? List.of() : partitions.dropEmptyPast(clock.instant());
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        Run run = new Run(dryRun, orders, events, raw, compressed, dropped, took);
        metrics.sizes(jdbi.withHandle(archive::sizes));
        if (!dryRun) {
            metrics.finished(clock.instant());
        }
        if (events > 0 || !dropped.isEmpty()) {
            log.info("event store archive run dryRun={} orders={} events={} rawBytes={} compressedBytes={} tookMs={}"
                            + " droppedPartitions={}", dryRun, orders, events, raw, compressed, took.toMillis(),
                    dropped);
        }
        return run;
    }

    private EventArchive.Batch batch(long after, Instant cutoff, boolean dryRun) {
        try (Handle handle = jdbi.open()) {
            handle.begin();
            try {
                EventArchive.Batch batch = archive.archiveBatch(handle, after, cutoff, settings.batchSize());
                if (dryRun) {
                    handle.rollback();
                } else {
                    handle.commit();
                }
                return batch;
            } catch (RuntimeException e) {
                handle.rollback();
                throw e;
            }
        }
    }
}
