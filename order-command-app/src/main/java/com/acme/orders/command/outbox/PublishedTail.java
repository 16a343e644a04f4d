package com.acme.orders.command.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the relay's last batch left on Kafka when it runs without transactions: the outbox positions (the
 * {@value #POSITION} header every relayed record carries) of the newest records of each partition of its topics
 * that the relay of the same write database sent (the {@value #RELAY} header: positions of two databases sharing
 * a topic, as tests do, are different rows).
 *
 * <p>A batch is marked published only after every record of it was acknowledged, and the next batch is not sent
 * before that. So whatever a crash (or a failed send) left on Kafka unmarked is among the last {@code batchSize}
 * records of each partition, and a new leader that marks those positions published before it sends anything
 * publishes every row once. Idempotence keeps the producer's own retries from writing a record twice.
 */
final class PublishedTail {

    /** The record header holding the outbox position, as a decimal number. */
    static final String POSITION = "outboxPosition";
    /** The record header naming the relay of one write database ({@code RELAY_TRANSACTIONAL_ID}). */
    static final String RELAY = "outboxRelay";

    private final String bootstrapServers;
    private final byte[] relay;

    PublishedTail(String bootstrapServers, String relay) {
        this.bootstrapServers = bootstrapServers;
        this.relay = relay.getBytes(StandardCharsets.UTF_8);
    }

    /** Marks a record as this relay's, sent from {@code position}. */
    void label(ProducerRecord<?, ?> record, long position) {
        record.headers().add(RELAY, relay);
        record.headers().add(POSITION, Long.toString(position).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The positions among the last {@code depth} records of every partition of {@code topics} (topics that do not
     * exist yet hold none).
     *
     * @throws TimeoutException when the tails could not be read within {@code timeout}
     */
    List<Long> positions(Collection<String> topics, int depth, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Records of a transaction that was aborted (a relay that ran with transactions before) never
                // reached a consumer: they must not count as published.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            List<TopicPartition> unread = partitions.stream().filter(p -> ends.get(p) > begins.get(p)).toList();
            consumer.assign(unread);
            unread.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - depth)));
            TreeSet<Long> found = new TreeSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (unread.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read the relayed topics' last records within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header sender = record.headers().lastHeader(RELAY);
                    Header position = record.headers().lastHeader(POSITION);
                    if (sender != null && position != null && Arrays.equals(sender.value(), relay)) {
                        found.add(Long.parseLong(new String(position.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return List.copyOf(found);
        }
    }
}
