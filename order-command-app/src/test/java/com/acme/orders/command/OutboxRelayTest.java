package com.acme.orders.command;

import com.acme.orders.command.outbox.OutboxRelay;
import com.acme.orders.command.store.EventStore;
import com.acme.orders.events.EventCodec;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay publishes every stored event exactly once, in version order per order, with one leader: with an
 * idempotent producer (the default) and with Kafka transactions ({@code RELAY_TRANSACTIONS=true}).
 */
@ExtendWith(SharedKafka.class)
class OutboxRelayTest {

    private LocalKafkaBroker kafka;
    private RunningCommandApp app;

    @BeforeEach
    void broker(LocalKafkaBroker broker) {
        kafka = broker;
    }

    private void start(boolean transactions) {
        // The app's own relay stays off: each test starts and stops relays itself.
        app = RunningCommandApp.start(kafka, Map.of("RELAY_ENABLED", "false",
                "RELAY_TRANSACTIONS", Boolean.toString(transactions)));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "transactions={0}")
    @ValueSource(booleans = {false, true})
    void each_order_s_events_reach_the_topic_under_its_key_in_version_order(boolean transactions) {
        start(transactions);
        for (int i = 0; i < 10; i++) {
            long id = create();
            for (String status : List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED")) {
                setStatus(id, status);
            }
            app.http.delete("/orders/" + id);
        }
        Set<UUID> stored = PublishedEvents.stored(app);

        try (OutboxRelay relay = startRelay()) {
            List<PublishedEvents.Published> published = PublishedEvents.awaitAll(kafka.bootstrapServers(), stored);

            PublishedEvents.assertExactlyOnce(published, stored);
            PublishedEvents.assertInVersionOrderPerOrder(published);
        }
    }

    @ParameterizedTest(name = "transactions={0}")
    @ValueSource(booleans = {false, true})
    void events_committed_while_the_relay_was_stopped_are_published_exactly_once_after_it_starts(boolean transactions) {
        start(transactions);
        for (int i = 0; i < 30; i++) {
            setStatus(create(), "CONFIRMED");
        }
        assertThat(app.count("SELECT count(*) FROM outbox")).isEqualTo(app.count("SELECT count(*) FROM order_events"));

        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
        }
        for (int i = 0; i < 10; i++) {
            setStatus(create(), "CANCELLED");
        }
        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
        }

        Set<UUID> stored = PublishedEvents.stored(app);
        assertThat(stored).hasSize(80);
        PublishedEvents.assertExactlyOnce(PublishedEvents.awaitAll(kafka.bootstrapServers(), stored), stored);
    }

    @ParameterizedTest(name = "transactions={0}")
    @ValueSource(booleans = {false, true})
    void a_batch_that_reached_kafka_but_was_never_marked_published_is_not_sent_again(boolean transactions) {
        start(transactions);
        for (int i = 0; i < 20; i++) {
            create();
        }
        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
        }
        // The state a crash between the Kafka commit and the database update leaves behind:
        app.jdbi.useHandle(handle -> handle.execute("INSERT INTO outbox (position) SELECT position FROM order_events"));

        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
        }

        Set<UUID> stored = PublishedEvents.stored(app);
        PublishedEvents.assertExactlyOnce(PublishedEvents.awaitAll(kafka.bootstrapServers(), stored), stored);
    }

    @ParameterizedTest(name = "transactions={0}")
    @ValueSource(booleans = {false, true})
    void of_two_relays_one_publishes_and_the_other_takes_over_when_it_stops(boolean transactions) {
        start(transactions);
        OutboxRelay first = startRelay();
        OutboxRelay second = startRelay();
        await(() -> first.status().leader() || second.status().leader());
        OutboxRelay leader = first.status().leader() ? first : second;
        OutboxRelay standby = leader == first ? second : first;
        for (int i = 0; i < 10; i++) {
            create();
        }
        await(() -> unpublished() == 0);
        assertThat(standby.status().leader()).isFalse();

        leader.close();
        await(() -> standby.status().leader());
        for (int i = 0; i < 10; i++) {
            create();
        }
        await(() -> unpublished() == 0);
        standby.close();

        Set<UUID> stored = PublishedEvents.stored(app);
        PublishedEvents.assertExactlyOnce(PublishedEvents.awaitAll(kafka.bootstrapServers(), stored), stored);
    }

    @Test
    void after_a_batch_smaller_than_its_limit_the_relay_waits_to_be_woken_instead_of_reading_again()
            throws InterruptedException {
        // A poll interval far beyond the test: every read the relay makes is one it chose to make.
        app = RunningCommandApp.start(kafka, Map.of("RELAY_ENABLED", "false", "RELAY_POLL_INTERVAL", "1m"));
        create();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (OutboxRelay relay = startRelay(registry)) {
            await(() -> unpublished() == 0);
            Thread.sleep(300);

            assertThat(registry.counter("outbox.reads.empty").count()).isZero();

            create();
            relay.eventsAppended();
            await(() -> unpublished() == 0);
            assertThat(registry.counter("outbox.reads.empty").count()).isZero();
        }
    }

    @Test
    void the_relay_paces_its_batches_only_once_two_events_arrive_within_one() throws InterruptedException {
        // A pacing far beyond the test's waits, and no polling: each send below follows a wake-up or the pace.
        app = RunningCommandApp.start(kafka, Map.of("RELAY_ENABLED", "false", "RELAY_POLL_INTERVAL", "1m",
                "RELAY_MIN_INTERVAL", "4s"));
        create();

        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
            // After a batch of one the relay keeps up by itself: the next event goes out when it wakes the relay.
            create();
            relay.eventsAppended();
            long woken = System.nanoTime();
            await(() -> unpublished() == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - woken)).isLessThan(Duration.ofSeconds(2));
        }

        create();
        create();
        try (OutboxRelay relay = startRelay()) {
            await(() -> unpublished() == 0);
            // After a batch of two the next batch starts no sooner than 4 s after it did.
            create();
            relay.eventsAppended();
            Thread.sleep(1_000);
            assertThat(unpublished()).isEqualTo(1);
            await(() -> unpublished() == 0);
        }
    }

    private OutboxRelay startRelay() {
        return startRelay(new SimpleMeterRegistry());
    }

    private OutboxRelay startRelay(SimpleMeterRegistry registry) {
        EventCodec codec = new EventCodec();
        OutboxRelay relay = new OutboxRelay(app.relaySettings(), app.config.db(), app.jdbi, new EventStore(codec), codec,
                registry);
        relay.start();
        return relay;
    }

    private long create() {
        return Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
    }

    private void setStatus(long id, String status) {
        assertThat(app.http.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}").status()).isEqualTo(200);
    }

    private long unpublished() {
        return app.count("SELECT count(*) FROM outbox");
    }

    static void await(BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(45));
    }
}
