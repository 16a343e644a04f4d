package com.acme.orders.projector;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static com.acme.orders.projector.RepairingGapsTest.header;
import static org.assertj.core.api.Assertions.assertThat;

/** A record the projector cannot read goes to the dead-letter topic with its reason; the stream goes on. */
@ExtendWith(SharedKafka.class)
class DeadLetteringTest {

    private RunningSystem system;
    private KafkaRecords producer;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
        producer = new KafkaRecords(kafka.bootstrapServers());
    }

    @AfterEach
    void stop() {
        producer.close();
        system.close();
    }

    @Test
    void poison_records_are_dead_lettered_with_the_reason_and_the_next_records_still_apply() {
        producer.send(system.orderTopic, "1", "{not json");
        producer.send(system.orderTopic, "2", """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "OrderTeleported", "schemaVersion": 1,
                 "orderId": 2, "version": 1, "occurredAt": "2026-11-25T10:00:00Z", "payload": {}}""");
        producer.send(system.orderTopic, "3", """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000002", "type": "OrderStatusUpdated", "schemaVersion": 9,
                 "orderId": 3, "version": 2, "occurredAt": "2026-11-25T10:00:00Z",
                 "payload": {"oldStatus": "PENDING", "newStatus": "CONFIRMED"}}""");
        producer.send(system.userTopic, "4", """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000003", "type": "UserRegistered", "schemaVersion": 1,
                 "occurredAt": "2026-11-25T10:00:00Z", "userId": 5, "username": "eve", "email": "e@example.com"}""");
        long good = system.createOrder(1);

        system.awaitReadModelMatchesWriteModel();
        List<ConsumerRecord<String, byte[]>> letters = TopicRecords.readUntil(system.kafka.bootstrapServers(),
                system.deadLetterTopic, records -> records.size() >= 4, Duration.ofSeconds(20));

        assertThat(system.readModel()).singleElement().asString().startsWith(good + " v1 PENDING");
        assertThat(letters).hasSize(4);
        assertThat(letters).extracting(letter -> header(letter, "dlq-reason")).containsExactlyInAnyOrder(
                "malformed JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name",
                "unknown event type 'OrderTeleported' (known: OrderCancelled, OrderCreated, OrderDeleted, OrderStatusUpdated)",
                "unsupported schemaVersion 9 of OrderStatusUpdated (this contract reads 1..1)",
                "key '4' does not match id 5 in the body");
        ConsumerRecord<String, byte[]> first = letters.stream()
                .filter(letter -> new String(letter.value(), StandardCharsets.UTF_8).equals("{not json")).findFirst()
                .orElseThrow();
        assertThat(header(first, "dlq-topic")).isEqualTo(system.orderTopic);
        assertThat(header(first, "dlq-partition")).matches("\\d+");
        assertThat(header(first, "dlq-offset")).matches("\\d+");
        assertThat(first.key()).isEqualTo("1");
        assertThat(system.metric(system.projector(), "projector_events_total", "outcome=\"dead_lettered\"")).isEqualTo(4);
    }

    @Test
    void the_dead_letter_topic_is_created_with_a_retention_so_that_it_does_not_grow_without_bound() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, system.deadLetterTopic);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.kafka.bootstrapServers()))) {
            Await.until(() -> retentionMs(admin, topic).isPresent(), Duration.ofSeconds(30));

            assertThat(retentionMs(admin, topic)).contains(String.valueOf(Duration.ofDays(14).toMillis()));
        }
    }

    /** The topic's own retention.ms, empty while the topic does not exist or only inherits the broker's. */
    private static Optional<String> retentionMs(Admin admin, ConfigResource topic) {
        try {
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            return Optional.ofNullable(config.get(TopicConfig.RETENTION_MS_CONFIG))
                    .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .map(ConfigEntry::value);
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
