package com.acme.orders.platform.messaging;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.kafka.KafkaTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One thread that owns one Kafka consumer of {@link MessagingSettings#inputTopic()} (or of the topics given) and
 * hands the records of each poll, in partition order, to a {@link RecordHandler} at once, so that it can apply
 * them in few transactions. Offsets are committed (asynchronously) after the records were handled, so delivery is
 * at least once; the handler's inbox makes the effect exactly once.
 *
 * <p>When the handler throws (the database is down), the consumer closes without committing the poll, and after a
 * backoff starts again from the committed offsets: the poll is delivered again (what of it was applied finds its
 * id in the inbox), nothing is skipped.
 */
public final class InboxConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What the consumer is doing, for {@code /ready}. */
    public record Status(boolean consuming, String detail, Instant lastPoll) {
    }

    private final MessagingSettings settings;
    private final List<String> topics;
    private final RecordHandler handler;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);

    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Status status = new Status(false, "starting", null);

    public InboxConsumer(MessagingSettings settings, RecordHandler handler) {
        this(settings, List.of(settings.inputTopic()), handler);
    }

    /** Consumes {@code topics} (e.g. both reply topics of an orchestrator) in the group of {@code settings}. */
    public InboxConsumer(MessagingSettings settings, List<String> topics, RecordHandler handler) {
        this.settings = settings;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.thread = new Thread(this::run, "inbox-consumer");
    }

    public void start() {
        thread.start();
    }

    public Status status() {
        return status;
    }

    /** Stops after the record in hand: wakes the consumer out of poll and waits for the thread. */
    @Override
    public void close() {
        closed = true;
        stopping.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (!closed) {
            try {
                KafkaTopics.ensure(settings.bootstrapServers(), topics.stream()
                        .map(topic -> new NewTopic(topic, settings.partitions(), (short) 1)).toList(),
                        Duration.ofSeconds(5));
                consume();
                backoff = Duration.ofMillis(200);
            } catch (WakeupException e) {
                if (!closed) {
                    log.warn("inbox consumer woken up unexpectedly; restarting it");
                }
            } catch (RuntimeException e) {
                status = new Status(false, "retrying after: " + e.getMessage(), status.lastPoll());
                if (Postgres.isUnavailable(e)) {
                    log.warn("inbox consumer cannot reach the database, retrying in {} ms: {}", backoff.toMillis(),
                            e.getMessage());
                } else if (e instanceof KafkaException) {
                    log.warn("inbox consumer cannot reach kafka, retrying in {} ms: {}", backoff.toMillis(),
                            e.getMessage());
                } else {
                    log.error("inbox consumer failed, restarting it in {} ms", backoff.toMillis(), e);
                }
                pause(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
            }
        }
        status = new Status(false, "stopped", status.lastPoll());
    }

    private void consume() {
        try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
            consumer = kafka;
            if (closed) {
                return;
            }
            kafka.subscribe(topics);
            while (!closed) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                status = new Status(true, kafka.assignment().isEmpty() ? "waiting for partitions"
                        : "consuming " + kafka.assignment().size() + " partitions", Instant.now());
                if (!records.isEmpty()) {
                    handleAll(kafka, records);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void handleAll(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> inOrder = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            inOrder.addAll(ofPartition);
            next.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
        }
        handler.handleAll(inOrder);
        // Not waited for: a commit lost in a crash or a rebalance only delivers the poll again, and the inbox
        // skips it. Waiting would add a broker round trip to every hop of every saga.
        kafka.commitAsync(next, (offsets, failure) -> {
            if (failure != null) {
                log.debug("committing the consumer's offsets failed (the poll will be delivered again): {}",
                        failure.getMessage());
            }
        });
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Committed only after the handler's transaction: at least once, made exactly once by the inbox.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The order service's relay publishes in Kafka transactions; never act on what it aborted.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new group starts at the beginning: commands sent before the first start must not be lost.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // Kafka's default of 45 s means a crashed instance's partitions stand still that long.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + ProcessHandle.current().pid());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
