package com.acme.orders.command.archive;

import com.acme.orders.command.store.EventArchive;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The archive's meters. Sizes are measured once per run and held, so that a scrape never queries the database.
 */
final class ArchiveMetrics {

    private final Counter eventsArchived;
    private final Counter ordersArchived;
    private final Counter rawBytes;
    private final Counter compressedBytes;
    private final AtomicLong hotBytes = new AtomicLong();
    private final AtomicLong archiveBytes = new AtomicLong();
    private final AtomicLong defaultPartitionEvents = new AtomicLong();
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();

    ArchiveMetrics(MeterRegistry registry) {
        eventsArchived = Counter.builder("archive.events.archived")
                .description("events moved from the hot event store into the archive").register(registry);
        ordersArchived = Counter.builder("archive.orders.archived")
                .description("orders whose hot events were archived").register(registry);
        rawBytes = Counter.builder("archive.raw").baseUnit("bytes")
                .description("size of the archived events before compression").register(registry);
        compressedBytes = Counter.builder("archive.compressed").baseUnit("bytes")
                .description("size of the archived events after compression").register(registry);
        Gauge.builder("event.store.hot.size", hotBytes, AtomicLong::get).baseUnit("bytes")
                .description("order_events, all partitions with indexes, at the last archive run").register(registry);
        Gauge.builder("event.store.archive.size", archiveBytes, AtomicLong::get).baseUnit("bytes")
                .description("order_events_archive with indexes, at the last archive run").register(registry);
        Gauge.builder("event.store.default.partition.events", defaultPartitionEvents, AtomicLong::get)
                .description("events in the default partition: their month had no partition yet").register(registry);
        Gauge.builder("archive.last.run.timestamp", lastRunEpochSeconds, AtomicLong::get).baseUnit("seconds")
                .description("when the last archive run finished, seconds since the epoch").register(registry);
    }

    void batch(EventArchive.Batch batch) {
        eventsArchived.increment(batch.events());
        ordersArchived.increment(batch.ordersArchived());
        rawBytes.increment(batch.rawBytes());
        compressedBytes.increment(batch.compressedBytes());
    }

    void sizes(EventArchive.Sizes sizes) {
        hotBytes.set(sizes.hotBytes());
        archiveBytes.set(sizes.archiveBytes());
    }

    void defaultPartition(long events) {
        defaultPartitionEvents.set(events);
    }

    void finished(Instant at) {
        lastRunEpochSeconds.set(at.getEpochSecond());
    }
}
