package com.acme.orders.command.store;

import com.acme.orders.command.archive.WriteStore;
import com.acme.orders.events.EventCodec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's query finds a handful of unpublished events by position without reading the event store, also
 * when the store has no statistics yet (a new month's partition, a burst autovacuum has not analysed): a join
 * planned on the default estimates hashed every event of the partition on every batch.
 */
class FindingUnpublishedEventsTest {

    private WriteStore store;
    private Jdbi jdbi;

    @BeforeEach
    void start() {
        store = WriteStore.latest("unpublished");
        jdbi = store.jdbi;
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void a_few_unpublished_events_are_looked_up_by_position_in_a_large_unanalysed_store() {
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                    SELECT gen_random_uuid(), n, 1, 'OrderCreated', 1, '{}'::jsonb, now()
                    FROM generate_series(1, 200000) AS n""");
            handle.execute("INSERT INTO outbox (position) SELECT max(position) - n FROM order_events, generate_series(0, 4) AS n GROUP BY n");
        });

        List<String> plan = jdbi.withHandle(handle -> handle.createQuery("EXPLAIN " + EventStore.UNPUBLISHED)
                .bind("limit", 500).mapTo(String.class).list());
        List<Unpublished> found = jdbi.withHandle(handle -> new EventStore(new EventCodec()).unpublished(handle, 500));

        assertThat(String.join("\n", plan)).doesNotContainPattern("Seq Scan on order_events");
        assertThat(found).hasSize(5);
    }
}
