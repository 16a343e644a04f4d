package com.acme.orders.command.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record that every relay transaction writes beside its events: the event-store positions it carried.
 * Committed atomically with the events, it tells a new leader which batch reached Kafka even if the old
 * leader died before marking it published in PostgreSQL.
 */
final class RelayCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, List<Long>>> SHAPE = new TypeReference<>() {
    };

    private final String topic;
    private final String key;

    RelayCheckpoint(String topic, String transactionalId) {
        this.topic = topic;
        this.key = transactionalId;
    }

    ProducerRecord<String, byte[]> record(List<Long> positions) {
        try {
            return new ProducerRecord<>(topic, 0, key, JSON.writeValueAsBytes(Map.of("positions", positions)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a relay checkpoint", e);
        }
    }

    /**
     * The positions of the last committed relay transaction, if any. Reads only committed data, so an
     * aborted or fenced transaction is never mistaken for a published one.
     */
    Optional<List<Long>> lastCommitted(String bootstrapServers, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            if (end == 0) {
                return Optional.empty();
            }
            // Each transaction adds one record and one commit marker; the last 64 offsets hold many checkpoints.
            consumer.seek(partition, Math.max(0, end - 64));
            List<Long> last = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        last = decode(record.value());
                    }
                }
            }
            if (consumer.position(partition) < end) {
                throw new org.apache.kafka.common.errors.TimeoutException("could not read relay checkpoints up to offset " + end);
            }
            return Optional.ofNullable(last);
        }
    }

    private static List<Long> decode(byte[] value) {
        try {
            return JSON.readValue(value, SHAPE).getOrDefault("positions", List.of());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable relay checkpoint", e);
        }
    }
}
