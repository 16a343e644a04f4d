package com.acme.orders.platform.messaging;

import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PruningInboxAndRejectedMessagesTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @Test
    void ids_and_rejected_records_past_their_retention_are_deleted_in_batches_and_recent_ones_stay() {
        try (TestDatabase database = TestDatabase.create("retention")) {
            Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
            jdbi.useHandle(handle -> handle.execute("""
                    CREATE TABLE inbox (message_id uuid PRIMARY KEY, type text NOT NULL, processed_at timestamptz NOT NULL);
                    CREATE TABLE rejected_messages (id bigserial PRIMARY KEY, topic text NOT NULL,
                        kafka_partition int NOT NULL, kafka_offset bigint NOT NULL, reason text NOT NULL, payload bytea,
                        rejected_at timestamptz NOT NULL)"""));
            Inbox inbox = new Inbox();
            int old = MessageRetention.BATCH * 2 + 7;  // more than one batch
            jdbi.useTransaction(handle -> {
                for (int i = 0; i < old; i++) {
                    inbox.firstDelivery(handle, UUID.randomUUID(), "ReserveStock", NOW.minus(Duration.ofDays(8)));
                }
            });
            UUID recent = UUID.randomUUID();
            jdbi.useTransaction(handle -> inbox.firstDelivery(handle, recent, "ReserveStock",
                    NOW.minus(Duration.ofDays(6))));
            jdbi.useHandle(handle -> handle.execute("""
                    INSERT INTO rejected_messages (topic, kafka_partition, kafka_offset, reason, payload, rejected_at)
                    VALUES ('commands', 0, 1, 'not a command', NULL, ?), ('commands', 0, 2, 'not a command', NULL, ?)""",
                    NOW.minus(Duration.ofDays(31)), NOW.minus(Duration.ofDays(29))));
            MessageRetention retention = new MessageRetention(jdbi, new MessageRetention.Settings(Duration.ofDays(7),
                    Duration.ofDays(30), Duration.ofHours(1)), Clock.fixed(NOW, ZoneOffset.UTC));

            MessageRetention.Pruned pruned = retention.prune();

            assertThat(pruned).isEqualTo(new MessageRetention.Pruned(old, 1));
            List<UUID> kept = jdbi.withHandle(handle -> handle.createQuery("SELECT message_id FROM inbox")
                    .mapTo(UUID.class).list());
            assertThat(kept).containsExactly(recent);
            List<Long> keptRejected = jdbi.withHandle(handle -> handle
                    .createQuery("SELECT kafka_offset FROM rejected_messages").mapTo(Long.class).list());
            assertThat(keptRejected).containsExactly(2L);
            // A redelivery of the recent message is still recognised; the pruned ones are past any redelivery.
            boolean redeliveryApplied = jdbi.inTransaction(handle -> inbox.firstDelivery(handle, recent, "ReserveStock",
                    NOW));
            assertThat(redeliveryApplied).isFalse();
        }
    }
}
