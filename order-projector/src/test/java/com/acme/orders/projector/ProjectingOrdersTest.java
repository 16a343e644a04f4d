package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands reach the read model exactly once, whatever Kafka redelivers. */
@ExtendWith(SharedKafka.class)
class ProjectingOrdersTest {

    private RunningSystem system;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void an_order_and_its_changes_reach_the_read_model_denormalized() {
        long id = system.createOrder(42);
        system.setStatus(id, "CONFIRMED");

        system.awaitReadModelMatchesWriteModel();

        Map<String, Object> row = system.read.withHandle(handle -> handle.createQuery(
                "SELECT * FROM order_read_models WHERE id = " + id).mapToMap().one());
        assertThat(row).containsEntry("user_id", 42L).containsEntry("status", "CONFIRMED")
                .containsEntry("items_count", 2).containsEntry("is_deleted", false).containsEntry("version", 2L)
                .containsEntry("shipping_address", "1 Main St").containsEntry("notes", "leave at the door")
                .containsEntry("user_username", null);
        assertThat((BigDecimal) row.get("total_amount")).isEqualByComparingTo("44.98");
    }

    @Test
    void an_order_without_a_shipping_address_reaches_the_read_model_with_a_null_address() {
        HttpJson.Response created = system.commandHttp.post("/orders", """
                {"userId": 42, "items": [{"productId": "EBOOK-7", "quantity": 1, "unitPrice": 9.99}]}""");
        long id = Long.parseLong(created.field("id"));
        system.setStatus(id, "CONFIRMED");

        system.awaitReadModelMatchesWriteModel();

        Map<String, Object> row = system.read.withHandle(handle -> handle.createQuery(
                "SELECT * FROM order_read_models WHERE id = " + id).mapToMap().one());
        assertThat(row).containsEntry("shipping_address", null).containsEntry("notes", null)
                .containsEntry("status", "CONFIRMED").containsEntry("version", 2L);
    }

    @Test
    void statistics_follow_every_change_and_leave_out_deleted_orders() {
        system.createMixedOrders(30);

        system.awaitReadModelMatchesWriteModel();

        List<Map<String, Object>> expected = system.write.withHandle(handle -> handle.createQuery("""
                        SELECT s.status, count(o.id) AS order_count, coalesce(sum(o.total_amount), 0) AS total_amount
                        FROM (VALUES ('CANCELLED'), ('CONFIRMED'), ('DELIVERED'), ('PENDING'), ('PROCESSING'),
                                     ('SHIPPED')) s(status)
                        LEFT JOIN orders o ON o.status = s.status AND o.deleted_at IS NULL
                        GROUP BY s.status ORDER BY s.status""").mapToMap().list());
        List<Map<String, Object>> actual = RunningSystem.statistics(system.read);
        assertThat(actual).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(actual.get(i).get("status")).isEqualTo(expected.get(i).get("status"));
            assertThat(actual.get(i).get("order_count")).isEqualTo(expected.get(i).get("order_count"));
            assertThat((BigDecimal) actual.get(i).get("total_amount"))
                    .isEqualByComparingTo((BigDecimal) expected.get(i).get("total_amount"));
        }
    }

    @Test
    void a_redelivered_batch_changes_nothing() {
        system.createMixedOrders(12);
        system.awaitReadModelMatchesWriteModel();
        List<Map<String, Object>> before = RunningSystem.rows(system.read);
        long stored = system.storedEvents();
        List<ConsumerRecord<String, byte[]>> published = TopicRecords.readUntil(system.kafka.bootstrapServers(),
                system.orderTopic, records -> records.size() >= stored, Duration.ofSeconds(10));
        assertThat(published).hasSize((int) stored);

        try (KafkaRecords producer = new KafkaRecords(system.kafka.bootstrapServers())) {
            for (ConsumerRecord<String, byte[]> record : published) {
                producer.send(system.orderTopic, record.key(), record.value());
            }
        }
        long newest = system.createOrder(99);
        system.awaitReadModelMatchesWriteModel();

        List<Map<String, Object>> after = RunningSystem.rows(system.read);
        assertThat(after.stream().filter(row -> !row.get("id").equals(newest)).toList()).isEqualTo(before);
        Await.until(() -> system.metric(system.projector(), "projector_events_total", "outcome=\"skipped\"")
                >= published.size(), Duration.ofSeconds(10));
    }

    @Test
    void a_full_replay_from_offset_zero_changes_nothing() {
        system.createMixedOrders(12);
        system.awaitReadModelMatchesWriteModel();
        List<Map<String, Object>> rowsBefore = RunningSystem.rows(system.read);
        List<Map<String, Object>> statisticsBefore = RunningSystem.statistics(system.read);
        Map<Integer, Long> offsetsBefore = system.storedOffsets();

        system.stopProjectors();
        system.read.useHandle(handle -> handle.execute("DELETE FROM projector_offsets"));
        ProjectorApp replaying = system.startProjector();
        Await.until(() -> system.storedOffsets().equals(offsetsBefore), Duration.ofSeconds(30));

        assertThat(RunningSystem.rows(system.read)).isEqualTo(rowsBefore);
        assertThat(RunningSystem.statistics(system.read)).isEqualTo(statisticsBefore);
        assertThat(system.metric(replaying, "projector_events_total", "outcome=\"skipped\"")).isEqualTo(system.storedEvents());
        assertThat(system.metric(replaying, "projector_events_total", "outcome=\"applied\"")).isZero();
    }
}
