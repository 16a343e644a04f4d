package com.acme.orders.platform.messaging;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.kafka.KafkaTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the {@link Outbox}, oldest first, keyed as stored, so the messages of one key arrive in the order
 * they were committed. One thread.
 *
 * <p>At least once, on purpose: a batch is sent and acknowledged inside the database transaction that deletes it,
 * so a crash after the send and before the commit publishes that batch again. Every receiver deduplicates by
 * message id (the saga contract requires it), which makes a Kafka transaction and checkpoint unnecessary here.
 *
 * <p>It reads the outbox when woken ({@link #wake}, after this instance committed replies), after a full batch,
 * and every {@link MessagingSettings#pollInterval()} for what other instances committed; not right after a batch
 * smaller than its limit, a read that would find nothing most times.
 *
 * <p>One publisher at a time across instances: the batch's transaction first takes a transaction-scoped advisory
 * lock (one per outbox table); an instance that does not get it stands by. While the lock is held the batch's
 * rows cannot be published twice, and the next leader starts where the committed deletes left off.
 */
public final class MessageRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageRelay.class);
    /** "MSGR" in ASCII in the high half; the low half tells the outbox tables of one database apart. */
    private static final long LOCK_ID_BASE = 0x4D534752L << 32;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final int STANDING_BY = -1;

    /** What the relay is doing, for {@code /ready}. */
    public record Status(boolean kafkaReachable, String detail) {
    }

    private final MessagingSettings settings;
    private final List<String> topics;
    private final Jdbi jdbi;
    private final Outbox outbox;
    private final long lockId;
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private final Counter published;
    private final Counter emptyReads;

    private volatile boolean closed;
    private volatile Status status = new Status(false, "starting");

    /** A relay to {@link MessagingSettings#outputTopic()}. */
    public MessageRelay(MessagingSettings settings, Jdbi jdbi, Outbox outbox, MeterRegistry registry) {
        this(settings, List.of(settings.outputTopic()), jdbi, outbox, registry);
    }

    /** A relay whose messages go to {@code topics} (created when missing). */
    public MessageRelay(MessagingSettings settings, List<String> topics, Jdbi jdbi, Outbox outbox,
                        MeterRegistry registry) {
        this.settings = settings;
        this.topics = List.copyOf(topics);
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.lockId = LOCK_ID_BASE | (outbox.table().hashCode() & 0xFFFFFFFFL);
        this.thread = new Thread(this::run, "outbox-relay");
        this.published = Counter.builder("outbox.messages.published")
                .description("outbox messages acknowledged by Kafka").register(registry);
        this.emptyReads = Counter.builder("outbox.reads.empty")
                .description("reads of the outbox by the publishing relay that found nothing").register(registry);
        Gauge.builder("outbox.messages.backlog", () -> backlog().map(b -> (double) b.messages()).orElse(Double.NaN))
                .description("outbox messages not yet published").register(registry);
        Gauge.builder("outbox.oldest.unpublished.age.seconds", () -> backlog()
                        .map(b -> b.oldestCreatedAt().map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
                                .orElse(0.0))
                        .orElse(Double.NaN))
                .description("how long the oldest unpublished message has waited").register(registry);
    }

    public void start() {
        thread.start();
    }

    public Status status() {
        return status;
    }

    /** Something was appended: publish now rather than at the next poll. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        stopping.countDown();
        wake.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try (Producer<String, byte[]> producer = newProducer()) {
                KafkaTopics.ensure(settings.bootstrapServers(), topics.stream()
                        .map(topic -> new NewTopic(topic, settings.partitions(), (short) 1)).toList(), KAFKA_TIMEOUT);
                if (!status.kafkaReachable()) {
                    log.info("outbox relay connected to kafka topics={}", topics);
                }
                status = new Status(true, "publishing");
                backoff = Duration.ofMillis(100);
                while (!closed) {
                    int sent = publishBatch(producer);
                    if (sent == STANDING_BY) {
                        status = new Status(true, "standing by: another instance publishes");
                        pause(settings.pollInterval().multipliedBy(10));
                    } else if (sent < settings.batchSize()) {
                        // The outbox held no more than this when it was read, and what was appended since has
                        // woken us. Reading it again at once found nothing most times: a transaction for nothing.
                        status = new Status(true, "publishing");
                        awaitWork();
                    }
                }
            } catch (KafkaException e) {
                status = new Status(false, "kafka unreachable: " + e.getMessage());
                log.warn("outbox relay cannot publish to kafka, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                pause(backoff);
                backoff = longer(backoff);
            } catch (RuntimeException e) {
                status = new Status(status.kafkaReachable(), "retrying after: " + e.getMessage());
                if (Postgres.isUnavailable(e)) {
                    log.warn("outbox relay cannot reach the database, retrying in {} ms: {}", backoff.toMillis(),
                            e.getMessage());
                } else {
                    log.error("outbox relay failed, retrying in {} ms", backoff.toMillis(), e);
                }
                pause(backoff);
                backoff = longer(backoff);
            }
        }
        status = new Status(false, "stopped");
    }

    /** Sends one batch and deletes it in the same transaction; the number sent, or {@link #STANDING_BY}. */
    private int publishBatch(Producer<String, byte[]> producer) {
        return jdbi.inTransaction(handle -> {
            // The delete need not wait for the disk: lost in a crash, it only sends the batch again.
            boolean leader = handle.createQuery("SELECT pg_try_advisory_xact_lock(:id) AND "
                            + Postgres.COMMIT_WITHOUT_FLUSH)
                    .bind("id", lockId).mapTo(Boolean.class).one();
            if (!leader) {
                return STANDING_BY;
            }
            List<Outbox.Stored> batch = outbox.oldest(handle, settings.batchSize());
            if (batch.isEmpty()) {
                emptyReads.increment();
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (Outbox.Stored stored : batch) {
                acks.add(producer.send(record(stored.message())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                awaitAck(ack);
            }
            outbox.remove(handle, batch.stream().map(Outbox.Stored::position).toList());
            published.increment(batch.size());
            log.debug("outbox relay published messages={} positions={}..{}", batch.size(), batch.get(0).position(),
                    batch.get(batch.size() - 1).position());
            return batch.size();
        });
    }

    private static void awaitAck(Future<RecordMetadata> ack) {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for kafka", e);
        }
    }

    private static ProducerRecord<String, byte[]> record(OutgoingMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("type", message.type().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("messageId", message.messageId().toString().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(message.topic(), null, message.key(), message.value(), headers);
    }

    private Producer<String, byte[]> newProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        // Retries never reorder or duplicate within a partition.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // The batch's database transaction stays open until Kafka answers: fail within seconds, not a minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-relay-" + ProcessHandle.current().pid());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private Optional<Outbox.Backlog> backlog() {
        try {
            return Optional.of(jdbi.withHandle(outbox::backlog));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    private void awaitWork() {
        try {
            if (wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
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
