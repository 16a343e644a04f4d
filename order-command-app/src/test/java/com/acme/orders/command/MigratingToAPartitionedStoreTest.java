package com.acme.orders.command;

import com.acme.orders.command.archive.WriteStore;
import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.verify.ReplayVerifier;
import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TopicRecords;
import com.acme.orders.events.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration to a partitioned event store, run on a store filled by the schema before it (orders finished and
 * published, others still waiting in the outbox): nothing is lost, the write model still replays, and the relay
 * publishes what was pending exactly once.
 */
@ExtendWith(SharedKafka.class)
class MigratingToAPartitionedStoreTest {

    private static final String ALL_EVENTS = """
            SELECT position || '|' || event_id || '|' || order_id || '|' || version || '|' || type || '|'
                   || schema_version || '|' || payload::text || '|' || occurred_at
            FROM order_events ORDER BY position""";

    private static final EventCodec CODEC = new EventCodec();

    private WriteStore store;

    @BeforeEach
    void fillTheUnpartitionedStore() {
        store = WriteStore.before("migrating", "7");
        store.clock.set(Instant.now().minus(Duration.ofDays(70)));
        store.delivered(1);
        store.create(2);
        store.status(2, OrderStatus.CANCELLED);
        store.clock.set(Instant.now().minus(Duration.ofDays(35)));
        store.create(3);
        store.delete(3);
        store.publishAll();
        store.clock.set(Instant.now());
        store.create(4);
        store.status(4, OrderStatus.CONFIRMED);
        store.create(5);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void every_event_keeps_its_position_and_content_and_the_outbox_its_rows() {
        assertThat(store.count("SELECT count(*) FROM pg_partitioned_table")).isZero();
        List<String> events = store.strings(ALL_EVENTS);
        List<String> pending = store.strings("SELECT position::text FROM outbox ORDER BY position");

        store.migrate("latest");

        assertThat(store.count("SELECT count(*) FROM pg_partitioned_table")).isEqualTo(1);
        assertThat(store.strings(ALL_EVENTS)).isEqualTo(events);
        assertThat(store.strings("SELECT position::text FROM outbox ORDER BY position")).isEqualTo(pending)
                .hasSize(3);
        assertThat(store.count("SELECT count(*) FROM order_events_default")).isZero();
        assertThat(store.count("SELECT count(DISTINCT tableoid) FROM order_events")).isGreaterThanOrEqualTo(2);
        ReplayVerifier.Report report = new ReplayVerifier(store.jdbi, new EventStore(new EventCodec()))
                .verify(line -> { });
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.eventsReplayed()).isEqualTo(events.size());
    }

    @Test
    void new_events_continue_after_the_last_copied_position() {
        long last = store.count("SELECT max(position) FROM order_events");

        store.migrate("latest");
        store.create(6);

        assertThat(store.count("SELECT position FROM order_events WHERE order_id = 6")).isGreaterThan(last);
    }

    @Test
    void the_relay_publishes_what_was_pending_once_and_nothing_that_was_published(LocalKafkaBroker kafka) {
        Set<UUID> pending = new HashSet<>(store.jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT e.event_id FROM outbox o JOIN order_events e ON e.position = o.position""")
                .mapTo(UUID.class).list()));
        Set<UUID> all = new HashSet<>(store.jdbi.withHandle(handle -> handle.createQuery(
                "SELECT event_id FROM order_events").mapTo(UUID.class).list()));

        store.migrate("latest");
        CommandConfig config = RunningCommandApp.config(store.database, kafka,
                Map.of("RELAY_TRANSACTIONAL_ID", "relay-" + store.database.name()));
        try (CommandApp app = CommandApp.start(config, Clock.systemUTC())) {
            List<PublishedEvents.Published> published = PublishedEvents.awaitAll(kafka.bootstrapServers(), pending);
            OutboxRelayTest.await(() -> store.count("SELECT count(*) FROM outbox") == 0);

            PublishedEvents.assertExactlyOnce(published, pending);
            Set<UUID> onTheTopic = TopicRecords.readAll(kafka.bootstrapServers(), Topics.ORDER_EVENTS,
                            Duration.ofSeconds(2)).stream()
                    .map(record -> CODEC.decodeOrderEvent(record.value()).eventId())
                    .collect(Collectors.toSet());
            Set<UUID> publishedBefore = new HashSet<>(all);
            publishedBefore.removeAll(pending);
            assertThat(onTheTopic).doesNotContainAnyElementsOf(publishedBefore);
        }
    }
}
