package com.acme.orders.command;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.Topics;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What one test database's events look like on the topic (other tests share the broker, so filter by event id). */
final class PublishedEvents {

    private static final EventCodec CODEC = new EventCodec();

    private PublishedEvents() {
    }

    /** The event ids stored in the app's event store. */
    static Set<UUID> stored(RunningCommandApp app) {
        return new HashSet<>(app.jdbi.withHandle(handle -> handle.createQuery("SELECT event_id FROM order_events")
                .mapTo(UUID.class).list()));
    }

    /** Reads the topic until every stored event was seen, then a little longer to catch duplicates. */
    static List<Published> awaitAll(String bootstrapServers, Set<UUID> expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(bootstrapServers, Topics.ORDER_EVENTS,
                read -> read.stream().map(r -> CODEC.decodeOrderEvent(r.value()).eventId()).collect(Collectors.toSet())
                        .containsAll(expected), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> settled = TopicRecords.readAll(bootstrapServers, Topics.ORDER_EVENTS,
                Duration.ofSeconds(2));
        List<ConsumerRecord<String, byte[]>> all = settled.size() >= records.size() ? settled : records;
        return all.stream()
                .map(record -> new Published(record, CODEC.decodeOrderEvent(record.value())))
                .filter(published -> expected.contains(published.event().eventId()))
                .toList();
    }

    /** Each expected event is on the topic exactly once. */
    static void assertExactlyOnce(List<Published> published, Set<UUID> expected) {
        Map<UUID, Long> copies = published.stream()
                .collect(Collectors.groupingBy(p -> p.event().eventId(), Collectors.counting()));
        assertThat(copies.keySet()).as("every stored event was published").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies.values()).as("no event was published twice").containsOnly(1L);
    }

    /** Per order: one partition, versions in offset order 1, 2, 3 … */
    static void assertInVersionOrderPerOrder(List<Published> published) {
        Map<String, List<Published>> byOrder = published.stream().collect(Collectors.groupingBy(p -> p.record().key()));
        byOrder.forEach((key, events) -> {
            assertThat(events).extracting(p -> p.record().partition()).as("order " + key + " uses one partition")
                    .containsOnly(events.get(0).record().partition());
            List<Long> versions = events.stream().sorted(Comparator.comparingLong(p -> p.record().offset()))
                    .map(p -> p.event().version()).toList();
            assertThat(versions).as("versions of order " + key + " in topic order").isSorted().doesNotHaveDuplicates();
            assertThat(key).isEqualTo(Long.toString(events.get(0).event().orderId()));
        });
    }

    record Published(ConsumerRecord<String, byte[]> record, OrderEventEnvelope event) {
    }

    static <T> Function<Published, T> field(Function<OrderEventEnvelope, T> field) {
        return published -> field.apply(published.event());
    }
}
