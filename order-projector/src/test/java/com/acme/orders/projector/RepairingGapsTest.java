package com.acme.orders.projector;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatusUpdatedEvent;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A version missing from the stream is read from the event store, never skipped or applied out of order. */
@ExtendWith(SharedKafka.class)
class RepairingGapsTest {

    private final EventCodec codec = new EventCodec();
    private RunningSystem system;
    private KafkaRecords producer;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        // The relay stays off: the test decides which events reach the topic.
        system = RunningSystem.withoutProjector(kafka, Map.of("RELAY_ENABLED", "false"));
        producer = new KafkaRecords(kafka.bootstrapServers());
    }

    @AfterEach
    void stop() {
        producer.close();
        system.close();
    }

    @Test
    void a_gap_in_an_orders_history_is_repaired_from_the_event_store() {
        long id = system.createOrder(5);
        system.setStatus(id, "CONFIRMED");
        system.setStatus(id, "PROCESSING");
        system.setStatus(id, "SHIPPED");
        List<String> history = system.storedEnvelopes(id);
        ProjectorApp projector = system.startProjector();

        publish(id, history.get(0));
        publish(id, history.get(2)); // version 2 never arrives
        publish(id, history.get(3));

        system.awaitReadModelMatchesWriteModel();
        assertThat(system.readModel()).containsExactly(id + " v4 SHIPPED 44.98 items=2 deleted=false");
        assertThat(system.metric(projector, "projector_gaps_repaired_total", "")).isEqualTo(1);
        assertThat(TopicRecords.readAll(system.kafka.bootstrapServers(), system.deadLetterTopic, Duration.ofMillis(500)))
                .isEmpty();
    }

    @Test
    void a_gap_the_event_store_cannot_fill_is_dead_lettered_and_the_order_stays_where_it_was() {
        long id = system.createOrder(5);
        List<String> history = system.storedEnvelopes(id);
        system.startProjector();
        publish(id, history.get(0));
        system.awaitReadModelMatchesWriteModel();

        OrderEventEnvelope fromNowhere = new OrderEventEnvelope(UUID.randomUUID(), id, 3, Instant.now(),
                new OrderStatusUpdatedEvent("CONFIRMED", "PROCESSING"));
        producer.send(system.orderTopic, Long.toString(id), codec.encode(fromNowhere));

        List<ConsumerRecord<String, byte[]>> letters = TopicRecords.readUntil(system.kafka.bootstrapServers(),
                system.deadLetterTopic, records -> !records.isEmpty(), Duration.ofSeconds(20));
        assertThat(letters).singleElement().satisfies(letter ->
                assertThat(header(letter, "dlq-reason")).contains("lacks versions 2..2"));
        assertThat(system.readModel()).containsExactly(id + " v1 PENDING 44.98 items=2 deleted=false");
    }

    private void publish(long orderId, String envelope) {
        producer.send(system.orderTopic, Long.toString(orderId), envelope);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
