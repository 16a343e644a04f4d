package com.acme.orders.e2e;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.Topics;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.acme.orders.e2e.E2eOrders.order;
import static com.acme.orders.e2e.E2eOrders.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison on {@code order-events} (bad JSON, an unknown event type, a payload of the wrong shape), each placed in an
 * order's partition between two of its real events: the running projector dead-letters each with the reason and
 * its origin, keeps going in the same process, and applies the real event after it.
 */
class PoisonRecordsIT {

    private static final Pattern DEAD_LETTERED =
            Pattern.compile("projector_events_total\\{[^}]*outcome=\"dead_lettered\"[^}]*} ([0-9.E]+)");

    private RunningProcesses system;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void poison_between_good_records_is_dead_lettered_with_the_reason_and_the_good_ones_still_apply() {
        long projectorPid = system.pid("projector");
        EventCodec codec = new EventCodec();
        List<LongFunction<byte[]>> poisons = List.of(
                id -> "{\"eventId\": \"5f0c".getBytes(StandardCharsets.UTF_8),
                id -> codec.encodeEnvelope(UUID.randomUUID(), "OrderTeleported", 1, id, 2, Instant.now(),
                        "{\"to\": \"the moon\"}"),
                id -> codec.encodeEnvelope(UUID.randomUUID(), "OrderStatusUpdated", 1, id, 2, Instant.now(),
                        "{\"oldStatus\": [], \"newStatus\": 42}"));
        List<byte[]> sent = new ArrayList<>();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.settings.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (LongFunction<byte[]> poison : poisons) {
                long id = Long.parseLong(system.commands.post("/orders", order(7, "2.00", 1)).field("id"));
                sent.add(poison.apply(id));
                producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, Long.toString(id), sent.get(sent.size() - 1)));
                producer.flush();
                HttpJson.Response confirmed = system.commands.put("/orders/" + id + "/status",
                        "{\"status\": \"CONFIRMED\"}");
                HttpJson.Response read = system.queries.get("/orders/" + id, "Consistency-Token", token(confirmed));
                assertThat(read.header("Consistency-Status")).as("the event after the poison applied")
                        .contains("consistent");
                assertThat(read.field("status")).isEqualTo("CONFIRMED");
            }
        }

        List<ConsumerRecord<String, byte[]>> letters = TopicRecords.readUntil(system.settings.kafkaBootstrap(),
                Topics.ORDER_EVENTS_DEAD_LETTER, records -> records.size() >= poisons.size(),
                Duration.ofSeconds(30));
        assertThat(letters).hasSize(poisons.size());
        assertThat(letters).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(sent);
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(header(letter, "dlq-reason")).isNotBlank();
            assertThat(header(letter, "dlq-topic")).isEqualTo(Topics.ORDER_EVENTS);
            assertThat(header(letter, "dlq-partition")).matches("[0-9]+");
            assertThat(header(letter, "dlq-offset")).matches("[0-9]+");
        }
        assertThat(deadLettered()).isEqualTo(poisons.size());
        assertThat(system.pid("projector")).as("the same projector process").isEqualTo(projectorPid);
        system.awaitReadModelEqualsWriteModel(Duration.ofSeconds(30));
    }

    private double deadLettered() {
        String metrics = new HttpJson(system.settings.adminUrl()).get("/metrics").text();
        Matcher matcher = DEAD_LETTERED.matcher(metrics);
        assertThat(matcher.find()).as("the dead-letter counter in /metrics").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
