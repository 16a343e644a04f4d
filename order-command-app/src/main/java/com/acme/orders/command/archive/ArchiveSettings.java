package com.acme.orders.command.archive;

import com.acme.orders.platform.config.Env;

import java.time.Duration;

/**
 * How the event store is kept small.
 *
 * @param enabled          {@code ARCHIVE_ENABLED}, true: whether this instance archives periodically (the
 *                         {@code archive} sub-command runs regardless)
 * @param after            {@code ARCHIVE_AFTER}, 90d: a finished order's events are archived once its last event
 *                         is this old
 * @param interval         {@code ARCHIVE_INTERVAL}, 10m: pause between two periodic runs (partitions are created
 *                         ahead and empty ones dropped on the same rhythm)
 * @param batchSize        {@code ARCHIVE_BATCH_SIZE}, 500: orders per archiving transaction
 * @param partitionsAhead  {@code EVENT_PARTITIONS_AHEAD}, 3: months after the current one that get a partition
 */
public record ArchiveSettings(boolean enabled, Duration after, Duration interval, int batchSize, int partitionsAhead) {

    public ArchiveSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("ARCHIVE_BATCH_SIZE must be at least 1, was " + batchSize);
        }
        if (partitionsAhead < 0) {
            throw new IllegalArgumentException("EVENT_PARTITIONS_AHEAD must not be negative, was " + partitionsAhead);
        }
    }

    public static ArchiveSettings fromEnv(Env env) {
        return new ArchiveSettings(
                env.flag("ARCHIVE_ENABLED", true),
                env.duration("ARCHIVE_AFTER", Duration.ofDays(90)),
                env.duration("ARCHIVE_INTERVAL", Duration.ofMinutes(10)),
                env.integer("ARCHIVE_BATCH_SIZE", 500),
                env.integer("EVENT_PARTITIONS_AHEAD", 3));
    }
}
