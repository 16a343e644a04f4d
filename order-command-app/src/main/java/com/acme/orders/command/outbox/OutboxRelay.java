package com.acme.orders.command.outbox;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.StoredCommand;
import com.acme.orders.command.store.StoredEvent;
import com.acme.orders.command.store.Unpublished;
import com.acme.orders.events.EventCodec;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.freshness.FreshnessHop;
import com.acme.orders.platform.kafka.KafkaTopics;
import com.acme.orders.platform.worker.Backoff;
import com.acme.orders.platform.worker.Failures;
import com.acme.orders.platform.worker.Worker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Publishes the outbox: the event store's events to {@code order-events} (or {@link RelaySettings#topic()}) and
 * the saga's commands to their participants' topics; oldest position first, keyed by order id, so each order's
 * events arrive in version order. One thread; one leader across all instances (advisory lock).
 *
 * <p>Exactly once onto the topic, two ways ({@code RELAY_TRANSACTIONS}). By default a batch is sent by an
 * idempotent producer (the producer's own retries write nothing twice) and marked published once every record of
 * it was acknowledged; each record carries its outbox position and the relay's identity ({@link PublishedTail}).
 * If anything fails in between (crash, PostgreSQL down, Kafka down), the relay starts over with a fresh producer,
 * reads the positions among the last {@code batchSize} records of each partition, and marks those published before
 * sending anything. With {@code RELAY_TRANSACTIONS=true} every batch is one Kafka transaction that also writes a
 * {@link RelayCheckpoint} with the batch's positions, and a new producer's {@code initTransactions} aborts whatever
 * the old one left open; that also fences a zombie leader's batch in flight, which without transactions could
 * reach the topic a second time (every receiver skips what it has applied: the projector by version, the saga
 * participants and the orchestrator by message id). The transactions cost the broker CPU and latency per batch:
 * BENCHMARKS.md, "2026-12-01 morning … the relay without Kafka transactions". Consumers read with
 * {@code isolation.level=read_committed}.
 *
 * <p>While Kafka or PostgreSQL is down the relay retries with exponential backoff; commands are not affected.
 * The thread, its shutdown, the backoff and the ladder of failures that are retried or stop the process (Kafka
 * refusing access, say) are the platform's {@link Worker}.
 */
public final class OutboxRelay implements EventsAppended, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration LEADER_RETRY = Duration.ofSeconds(2);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    /** A batch unacknowledged for this long means Kafka is not answering, long before the producer gives up. */
    private static final Duration STALLED = Duration.ofSeconds(2);

    /** What the relay is doing, for {@code /ready} and logs. */
    public record Status(boolean leader, boolean kafkaReachable, String detail) {
    }

    private final RelaySettings settings;
    private final DbSettings db;
    private final Jdbi jdbi;
    private final EventStore store;
    private final EventCodec codec;
    private final RelayCheckpoint checkpoint;
    private final PublishedTail tail;
    private final Semaphore wake = new Semaphore(0);
    private final Worker worker;
    private final Counter published;
    private final Counter emptyReads;
    private final Timer batchTimer;
    private final Timer outboxWait;
    private final Timer relayCommit;

    /** Held across attempts: a Kafka outage does not cost the leadership. Touched by the worker thread only. */
    private RelayLeadership leadership;
    private volatile Status status = new Status(false, false, "starting");
    private volatile long batchStartedNanos;
    private long publishedSinceVacuum;

    /** A relay that exits the process when it meets a failure that no retry can heal. */
    public OutboxRelay(RelaySettings settings, DbSettings db, Jdbi jdbi, EventStore store, EventCodec codec,
                       MeterRegistry registry) {
        this(settings, db, jdbi, store, codec, registry, Worker.EXIT_PROCESS);
    }

    /** @param exit called with the exit status when the relay meets a failure that no retry can heal */
    public OutboxRelay(RelaySettings settings, DbSettings db, Jdbi jdbi, EventStore store, EventCodec codec,
                       MeterRegistry registry, IntConsumer exit) {
        this.settings = settings;
        this.db = db;
        this.jdbi = jdbi;
        this.store = store;
        this.codec = codec;
        this.checkpoint = new RelayCheckpoint(settings.checkpointTopic(), settings.transactionalId());
        this.tail = new PublishedTail(settings.bootstrapServers(), settings.transactionalId());
        this.worker = new Worker("outbox-relay", this::leadOrStandBy,
                new Backoff(Duration.ofMillis(100), settings.maxBackoff()), exit);
        this.published = Counter.builder("outbox.events.published").description("events committed to Kafka")
                .register(registry);
        this.emptyReads = Counter.builder("outbox.reads.empty")
                .description("reads of the outbox by the publishing relay that found nothing").register(registry);
        this.batchTimer = Timer.builder("outbox.batch.publish").description("one batch of the relay, sent and acknowledged")
                .publishPercentileHistogram().register(registry);
        this.outboxWait = FreshnessHop.OUTBOX_WAIT.timer(registry);
        this.relayCommit = FreshnessHop.RELAY_COMMIT.timer(registry);
        Gauge.builder("outbox.relay.leader", () -> status.leader() ? 1 : 0)
                .description("1 while this instance is the publishing relay").register(registry);
        Gauge.builder("outbox.backlog.events", () -> backlog().map(b -> (double) b.events()).orElse(Double.NaN))
                .description("stored events not yet published").register(registry);
        Gauge.builder("outbox.oldest.unpublished.age.seconds", () -> backlog()
                        .map(b -> b.oldestOccurredAt().map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
                                .orElse(0.0))
                        .orElse(Double.NaN))
                .description("how long the oldest unpublished event has waited").register(registry);
    }

    public void start() {
        worker.start();
    }

    public Status status() {
        Worker.Status current = worker.status();
        if (current.state() == Worker.State.FAILED) {
            return new Status(false, false, "failed: " + current.detail());
        }
        long started = batchStartedNanos;
        long inFlight = started == 0 ? 0 : System.nanoTime() - started;
        if (inFlight > STALLED.toNanos()) {
            return new Status(true, false, "kafka has not acknowledged a batch for "
                    + TimeUnit.NANOSECONDS.toSeconds(inFlight) + " s");
        }
        return status;
    }

    @Override
    public void eventsAppended() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Stops after the current batch; a batch in flight is either committed and marked or recovered later. */
    @Override
    public void close() {
        worker.close(Duration.ofSeconds(15));
    }

    /**
     * One attempt: become the leader (or stand by while another instance is), then publish until the lock is lost,
     * the relay is closed or something fails. A failure propagates to the {@link Worker}, which backs off or stops.
     */
    private void leadOrStandBy(Worker.Session session) throws SQLException {
        session.onWakeup(wake::release);
        try {
            if (leadership == null) {
                Optional<RelayLeadership> acquired;
                try {
                    acquired = RelayLeadership.tryAcquire(db);
                } catch (SQLException e) {
                    status = new Status(false, status.kafkaReachable(), "database unreachable: " + e.getMessage());
                    throw e;
                }
                if (acquired.isEmpty()) {
                    status = new Status(false, status.kafkaReachable(), "standing by: another instance publishes");
                    session.pause(LEADER_RETRY);
                    return;
                }
                leadership = acquired.get();
                log.info("outbox relay is the leader transactions={} transactionalId={}", settings.transactions(),
                        settings.transactionalId());
            }
            if (lead(leadership, session)) {
                return;
            }
            stepDown(session.closed() ? "stopped" : "stepped down");
        } finally {
            if (session.closed()) {
                stepDown("stopped");
            }
        }
    }

    private void stepDown(String detail) {
        if (leadership == null) {
            return;
        }
        leadership.close();
        leadership = null;
        if (!detail.equals("stopped")) {
            log.info("outbox relay {}", detail);
        }
        status = new Status(false, status.kafkaReachable(), detail);
    }

    /**
     * Publishes with one producer for as long as this instance holds the lock.
     *
     * @return false when the lock was lost or the relay closed; true when the relay was fenced and stepped down
     */
    private boolean lead(RelayLeadership lock, Worker.Session session) {
        if (session.closed() || !lock.stillHeld()) {
            return false;
        }
        Producer<String, byte[]> producer = null;
        try {
            producer = newProducer();
            if (settings.transactions()) {
                producer.initTransactions();
            }
            List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(settings.checkpointTopic(), 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact"))));
            settings.relayedTopics().forEach(topic -> topics.add(new NewTopic(topic, settings.partitions(), (short) 1)));
            KafkaTopics.ensure(settings.bootstrapServers(), topics, KAFKA_TIMEOUT);
            recoverLastBatch();
            boolean wasDown = !status.kafkaReachable();
            status = new Status(true, true, "publishing");
            session.running("publishing");
            if (wasDown) {
                log.info("outbox relay connected to kafka backlog={}", backlog().map(EventStore.Backlog::events)
                        .orElse(-1L));
            }
            while (!session.closed() && lock.stillHeld()) {
                long started = System.nanoTime();
                int sent = publishBatch(producer);
                pace(started, sent);
                if (sent < settings.batchSize()) {
                    // The outbox held no more than this when it was read, and what this instance appended since
                    // has woken us; reading again at once found nothing most times. Other instances' commits wait
                    // for the poll interval, as they do after an empty read.
                    awaitWork();
                }
            }
            return false;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            log.warn("outbox relay was fenced by another producer with transactionalId={}; stepping down",
                    settings.transactionalId());
            stepDown("fenced by another relay");
            session.pause(LEADER_RETRY);
            return true;
        } catch (KafkaException e) {
            if (Failures.classify(e) != Failures.Kind.FATAL) {
                status = new Status(true, false, "kafka unreachable: " + e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            status = new Status(true, status.kafkaReachable(), "retrying after: " + e.getMessage());
            throw e;
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Marks the last batch published if it reached Kafka (it may not have been marked yet): the positions of the
     * last committed Kafka transaction, and without transactions those on the topics' last records as well (a
     * relay that ran with transactions before leaves its last batch in the checkpoint).
     */
    private void recoverLastBatch() {
        checkpoint.lastCommitted(settings.bootstrapServers(), KAFKA_TIMEOUT).ifPresent(this::markRecovered);
        if (!settings.transactions()) {
            markRecovered(tail.positions(settings.relayedTopics(), settings.batchSize(), KAFKA_TIMEOUT));
        }
    }

    private void markRecovered(List<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        int marked = jdbi.withHandle(handle -> store.markPublished(handle, positions));
        if (marked > 0) {
            log.info("outbox relay recovered a batch that reached kafka before it was marked events={} positions={}..{}",
                    marked, positions.get(0), positions.get(positions.size() - 1));
        }
    }

    private int publishBatch(Producer<String, byte[]> producer) {
        List<Unpublished> batch = jdbi.withHandle(handle -> store.unpublished(handle, settings.batchSize()));
        if (batch.isEmpty()) {
            emptyReads.increment();
            return 0;
        }
        List<Long> positions = batch.stream().map(Unpublished::position).toList();
        long started = System.nanoTime();
        batchStartedNanos = started;
        Instant sentAt = Instant.now();
        try {
            if (settings.transactions()) {
                producer.beginTransaction();
                sendAll(producer, batch, sentAt);
                producer.send(checkpoint.record(positions));
                producer.commitTransaction();
            } else {
                awaitAcknowledged(sendAll(producer, batch, sentAt));
            }
        } finally {
            batchStartedNanos = 0;
        }
        Instant committedAt = Instant.now();
        for (Unpublished message : batch) {
            if (!(message instanceof StoredEvent event)) {
                continue; // saga commands: not on the way to the read model
            }
            FreshnessHop.record(outboxWait, event.occurredAt(), sentAt);
            FreshnessHop.record(relayCommit, sentAt, committedAt);
        }
        jdbi.useHandle(handle -> store.markPublished(handle, positions));
        batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        published.increment(batch.size());
        log.debug("outbox relay published events={} positions={}..{}", batch.size(), positions.get(0),
                positions.get(positions.size() - 1));
        publishedSinceVacuum += batch.size();
        if (publishedSinceVacuum >= settings.vacuumEvery()) {
            long vacuumStarted = System.nanoTime();
            jdbi.useHandle(store::vacuumOutbox);
            log.debug("outbox relay vacuumed the outbox after events={} ms={}", publishedSinceVacuum,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - vacuumStarted));
            publishedSinceVacuum = 0;
        }
        return batch.size();
    }

    private List<Future<RecordMetadata>> sendAll(Producer<String, byte[]> producer, List<Unpublished> batch,
                                                 Instant sentAt) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (Unpublished message : batch) {
            ProducerRecord<String, byte[]> record = message instanceof StoredEvent event ? record(event, sentAt)
                    : record((StoredCommand) message);
            tail.label(record, message.position());
            sent.add(producer.send(record));
        }
        return sent;
    }

    /** Waits until Kafka acknowledged every record; the first that failed fails the batch (and the attempt). */
    private static void awaitAcknowledged(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> acknowledged : sent) {
            try {
                acknowledged.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException kafka ? kafka
                        : new KafkaException("a relayed record was not acknowledged", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }

    private ProducerRecord<String, byte[]> record(StoredEvent event, Instant sentAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("type", event.type().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("schemaVersion",
                Integer.toString(event.schemaVersion()).getBytes(StandardCharsets.UTF_8)));
        // For the freshness.hop timers of the projector; consumers that do not know it ignore it.
        headers.add(new RecordHeader(FreshnessHop.SENT_AT_HEADER, FreshnessHop.encodeSentAt(sentAt)));
        headers.add(new RecordHeader("eventId", event.eventId().toString().getBytes(StandardCharsets.UTF_8)));
        byte[] value = codec.encodeEnvelope(event.eventId(), event.type(), event.schemaVersion(), event.orderId(),
                event.version(), event.occurredAt(), event.payloadJson());
        return new ProducerRecord<>(settings.topic(), null, event.occurredAt().toEpochMilli(),
                Long.toString(event.orderId()), value, headers);
    }

    /** A saga command, to its participant's topic, keyed by its order id like the order's events. */
    private static ProducerRecord<String, byte[]> record(StoredCommand command) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("type", command.type().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("messageId", command.messageId().toString().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(command.topic(), null, command.occurredAt().toEpochMilli(),
                Long.toString(command.orderId()), command.message(), headers);
    }

    private Producer<String, byte[]> newProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        if (settings.transactions()) {
            // Same id on every instance: a new leader's initTransactions fences a zombie predecessor.
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        }
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps order per partition with up to 5 requests in flight.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Fail fast while Kafka is down instead of blocking the relay thread for a minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        // If a leader dies mid-transaction, committed-read consumers wait at most this long (less when a new
        // leader takes over and aborts it).
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // With transactions v2 the next batch's first produce can meet the previous commit's markers still being
        // written (CONCURRENT_TRANSACTIONS); the client retries, and the default 100 ms wait is pure latency.
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private Optional<EventStore.Backlog> backlog() {
        try {
            return Optional.of(jdbi.withHandle(store::backlog));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Leaves at least {@code minInterval} between the starts of two transactions, so that batches can fill. Only
     * after a batch of more than one message: a batch of one says the events arrive more slowly than the relay
     * sends them, so waiting would add up to {@code minInterval} to the next event's latency and batch nothing.
     * Once two arrive within one batch's round trips, the pacing holds and batches grow with the load.
     */
    private void pace(long startedNanos, int sent) {
        if (sent < 2) {
            return;
        }
        long rest = settings.minInterval().toNanos() - (System.nanoTime() - startedNanos);
        if (rest > 0) {
            LockSupport.parkNanos(rest);
        }
    }

    private void awaitWork() {
        try {
            if (wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            // close() interrupts a relay that did not stop in time; the worker sees it closed.
            Thread.currentThread().interrupt();
        }
    }
}
