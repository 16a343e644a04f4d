package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.KafkaBrokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.acme.orders.command.OutboxRelayTest.await;
import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** With the broker down, commands still succeed; once it is back, every event arrives once, in order. */
class KafkaOutageTest {

    private LocalKafkaBroker kafka;
    private RunningCommandApp app;

    @BeforeEach
    void start() {
        kafka = KafkaBrokers.startDedicated("outage");
        app = RunningCommandApp.start(kafka);
    }

    @AfterEach
    void stop() {
        app.close();
        kafka.close();
    }

    @Test
    void commands_succeed_while_kafka_is_down_and_their_events_arrive_in_order_once_it_is_back() {
        long before = create();
        await(() -> unpublished() == 0);

        kafka.close();
        List<Long> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long id = create();
            during.add(id);
            assertThat(app.http.put("/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}").status()).isEqualTo(200);
            assertThat(app.http.put("/orders/" + id + "/status", "{\"status\": \"PROCESSING\"}").status()).isEqualTo(200);
        }
        assertThat(app.http.put("/orders/" + before + "/status", "{\"status\": \"CANCELLED\"}").status()).isEqualTo(200);
        assertThat(unpublished()).as("the outbox holds the events").isEqualTo(61);
        await(() -> app.http.get("/ready").json().at("/checks/kafka/status").asText().equals("DOWN"));
        assertThat(app.http.get("/ready").status()).as("commands still work, so the app stays ready").isEqualTo(200);

        // Stay down until the producer has given up on its transaction, so the relay must rebuild and recover.
        await(() -> app.app.relay().status().detail().startsWith("kafka unreachable"));
        kafka = KafkaBrokers.restart(kafka);
        await(() -> unpublished() == 0);

        Set<UUID> stored = PublishedEvents.stored(app);
        List<PublishedEvents.Published> published = PublishedEvents.awaitAll(kafka.bootstrapServers(), stored);
        PublishedEvents.assertExactlyOnce(published, stored);
        PublishedEvents.assertInVersionOrderPerOrder(published);
        assertThat(app.http.get("/ready").json().at("/checks/kafka/status").asText()).isEqualTo("UP");
    }

    private long create() {
        HttpJson.Response response = app.http.post("/orders", anOrder());
        assertThat(response.status()).isEqualTo(201);
        return Long.parseLong(response.field("id"));
    }

    private long unpublished() {
        return app.count("SELECT count(*) FROM outbox");
    }
}
