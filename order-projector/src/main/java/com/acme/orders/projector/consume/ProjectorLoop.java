package com.acme.orders.projector.consume;

import com.acme.orders.events.EventCodec;
import com.acme.orders.platform.kafka.KafkaTopics;
import com.acme.orders.platform.worker.Backoff;
import com.acme.orders.platform.worker.Worker;
import com.acme.orders.projector.project.BatchProjection;
import com.acme.orders.projector.project.DeadLetter;
import com.acme.orders.projector.project.IncomingBatch;
import com.acme.orders.projector.project.OffsetStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One thread that owns one Kafka consumer and turns each poll into one read-model transaction.
 *
 * <p>The read database, not Kafka, holds the truth about progress: on every partition assignment the
 * consumer seeks to the offsets stored beside the rows (or to the beginning when there are none). Offsets
 * are also committed to Kafka afterwards, for lag tooling only. After any failure the consumer is closed and
 * a new one starts from the stored offsets, so a batch that did not commit is simply read again.
 *
 * <p>Offsets are stored with the topic's id. A topic whose id changed (deleted and created again, or the cluster
 * replaced by one with topics of the same names) is read again from its beginning, never from offsets that belong
 * to another log: events already applied are skipped by their version, and {@code onTopicReplaced} is told, so
 * that what only the old log held is repaired from the event store. The id is checked on every assignment and
 * every {@value #IDENTITY_CHECK_SECONDS} s while consuming.
 *
 * <p>A projector that commits nothing for {@code PROJECTOR_STALL_AFTER} while events wait is stalled (see
 * {@link Progress}). The thread, its shutdown and the ladder of failures that are retried or stop the process are
 * the platform's {@link Worker}.
 */
public final class ProjectorLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectorLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    static final long IDENTITY_CHECK_SECONDS = 10;

    /** What the loop is doing, for {@code /ready}. */
    public record Status(boolean consuming, String detail, Instant lastPoll) {
    }

    private final ConsumerSettings settings;
    private final Jdbi readDatabase;
    private final BatchProjection projection;
    private final OffsetStore offsets;
    private final DeadLetters deadLetters;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final ProjectorMetrics metrics;
    private final Worker worker;
    private final Progress progress;
    private final Consumer<String> onTopicReplaced;
    // Refreshes the Kafka client meters, so per-partition lag shows up within seconds of an assignment; and reports
    // stalls.
    private final ScheduledExecutorService meterRefresh = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread refresh = new Thread(runnable, "projector-kafka-meters");
        refresh.setDaemon(true);
        return refresh;
    });

    private volatile Instant lastPoll;
    /** The topic ids this consumer reads (consumer thread only). */
    private final Map<String, String> consumedTopicIds = new HashMap<>();
    private long identityCheckedAt;
    private boolean reportedStall;
    private final Map<TopicPartition, OffsetAndMetadata> forLagTooling = new HashMap<>();
    private long lastKafkaCommit;

    /**
     * @param exit            called with the exit status when the loop meets a failure that no retry can heal
     * @param onTopicReplaced told the name of a topic found replaced, once its partitions start over
     */
    public ProjectorLoop(ConsumerSettings settings, Jdbi readDatabase, BatchProjection projection, OffsetStore offsets,
                         DeadLetters deadLetters, EventCodec codec, MeterRegistry registry, IntConsumer exit,
                         Consumer<String> onTopicReplaced) {
        this.settings = settings;
        this.readDatabase = readDatabase;
        this.projection = projection;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.registry = registry;
        this.metrics = new ProjectorMetrics(registry);
        this.onTopicReplaced = onTopicReplaced;
        this.progress = new Progress(settings.stallAfter());
        Gauge.builder("projector.stalled", () -> progress.stall().isPresent() ? 1 : 0)
                .description("1 while events wait and no batch has committed for PROJECTOR_STALL_AFTER")
                .register(registry);
        meterRefresh.scheduleWithFixedDelay(this::reportStall, 1, 1, TimeUnit.SECONDS);
        this.worker = new Worker("projector", this::consume, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)),
                exit);
    }

    public void start() {
        worker.start();
    }

    public Status status() {
        Worker.Status current = worker.status();
        return new Status(current.running(), current.detail(), lastPoll);
    }

    /** Why the projector does not advance although events wait, or empty while it does (for {@code /ready}). */
    public Optional<String> stall() {
        return progress.stall();
    }

    /** One line when a stall begins and one when it ends, whether or not anyone looks at {@code /ready}. */
    private void reportStall() {
        Optional<String> stall = progress.stall();
        if (stall.isPresent() && !reportedStall) {
            log.warn("projector {}", stall.get());
        } else if (stall.isEmpty() && reportedStall) {
            log.info("projector advances again after a stall");
        }
        reportedStall = stall.isPresent();
    }

    /** Stops after the current batch: wakes the consumer out of poll and waits for the thread. */
    @Override
    public void close() {
        worker.close();
        meterRefresh.shutdownNow();
    }

    /** One consumer's life: from creating the topics it needs until closed or failed. */
    private void consume(Worker.Session session) {
        KafkaTopics.ensure(settings.bootstrapServers(), List.of(
                new NewTopic(settings.orderTopic(), settings.partitions(), (short) 1),
                new NewTopic(settings.userTopic(), settings.partitions(), (short) 1),
                new NewTopic(settings.deadLetterTopic(), 1, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(settings.deadLetterRetention().toMillis())))), Duration.ofSeconds(5));
        try (KafkaConsumer<String, byte[]> kafka = newConsumer(); KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(kafka, List.of(), meterRefresh, Duration.ofSeconds(5));
             TopicIdentities identities = new TopicIdentities(settings.bootstrapServers())) {
            kafkaMetrics.bindTo(registry);
            session.onWakeup(kafka::wakeup);
            forLagTooling.clear();
            consumedTopicIds.clear();
            kafka.subscribe(List.of(settings.orderTopic(), settings.userTopic()),
                    new SeekToStoredOffsets(kafka, identities));
            while (!session.closed()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                Instant received = Instant.now();
                lastPoll = received;
                Set<TopicPartition> assignment = kafka.assignment();
                progress.polled(!assignment.isEmpty(), records.count(), lag(kafka, assignment));
                session.running(assignment.isEmpty() ? "waiting for partitions"
                        : "consuming " + assignment.size() + " partitions");
                if (!records.isEmpty()) {
                    apply(kafka, records, received);
                } else {
                    commitForLagTooling(kafka, true);
                }
                if (System.nanoTime() - identityCheckedAt > TimeUnit.SECONDS.toNanos(IDENTITY_CHECK_SECONDS)
                        && !assignment.isEmpty()) {
                    startOverReplacedTopics(kafka, identities, assignment,
                            readDatabase.withHandle(handle -> offsets.load(handle, assignment)));
                }
            }
        }
    }

    /** Records behind the end of the assigned partitions, as of the last fetch (0 where not known yet). */
    private static long lag(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assignment) {
        long lag = 0;
        for (TopicPartition partition : assignment) {
            lag += kafka.currentLag(partition).orElse(0);
        }
        return lag;
    }

    /**
     * Compares each partition's stored topic id with the topic's id now, and sends every partition of a replaced
     * topic back to its beginning (stored offsets included). Returns the partitions that start over.
     */
    private Set<TopicPartition> startOverReplacedTopics(KafkaConsumer<String, byte[]> kafka,
                                                         TopicIdentities identities,
                                                         Collection<TopicPartition> partitions,
                                                         Map<TopicPartition, OffsetStore.Position> stored) {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        Map<String, String> current = identities.of(topics);
        identityCheckedAt = System.nanoTime();
        Map<String, String> replacedFrom = new HashMap<>();
        Set<TopicPartition> startOver = new HashSet<>();
        for (TopicPartition partition : partitions) {
            String now = current.get(partition.topic());
            OffsetStore.Position position = stored.get(partition);
            String before = position != null && position.topicId() != null ? position.topicId()
                    : consumedTopicIds.get(partition.topic());
            if (before != null && !before.equals(now)) {
                replacedFrom.put(partition.topic(), before);
                startOver.add(partition);
            }
        }
        // Offsets stored under one id never move a partition of another: a topic replaced while it was being read
        // has all its partitions start over, those read since the replacement included.
        for (TopicPartition partition : partitions) {
            if (replacedFrom.containsKey(partition.topic())) {
                startOver.add(partition);
            }
        }
        offsets.identify(current);
        boolean idsMissing = partitions.stream().anyMatch(partition -> stored.containsKey(partition)
                && stored.get(partition).topicId() == null);
        if (idsMissing || !startOver.isEmpty()) {
            readDatabase.useTransaction(handle -> {
                offsets.recordMissingIds(handle, current);
                offsets.startOver(handle, startOver, current);
            });
        }
        if (!startOver.isEmpty()) {
            kafka.seekToBeginning(startOver);
            replacedFrom.forEach((topic, before) -> {
                log.warn("projector topic {} was replaced (deleted and created again, or another cluster): stored "
                                + "topicId={} current topicId={}; reading it again from the beginning, partitions={} "
                                + "(events already applied are skipped by their version; what only the old log held "
                                + "is repaired from the event store)", topic, before, current.get(topic),
                        startOver.stream().filter(p -> p.topic().equals(topic)).map(TopicPartition::partition)
                                .sorted().toList());
                metrics.topicReset(topic);
                onTopicReplaced.accept(topic);
            });
        }
        consumedTopicIds.putAll(current);
        return startOver;
    }

    private void apply(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
                       Instant received) {
        long started = System.nanoTime();
        IncomingBatch batch = IncomingBatch.decode(records, codec, settings.orderTopic());
        BatchProjection.Outcome outcome = readDatabase.inTransaction(handle -> {
            BatchProjection.Outcome applied = projection.apply(handle, batch);
            // Acknowledged before the commit: a record leaves the stream only once it is safe elsewhere.
            List<DeadLetter> letters = new ArrayList<>(batch.undecodable());
            letters.addAll(applied.invalid());
            deadLetters.publish(letters);
            return applied;
        });
        Instant committed = Instant.now();
        progress.committed();
        metrics.record(outcome, batch.undecodable().size(), System.nanoTime() - started, committed);
        metrics.hops(records, received, committed);
        log.debug("projector batch records={} applied={} skipped={} gaps={} deadLettered={}", batch.size(),
                outcome.applied(), outcome.skipped(), outcome.gapsRepaired(),
                outcome.invalid().size() + batch.undecodable().size());
        batch.nextOffsets().forEach((partition, next) -> forLagTooling.put(partition, new OffsetAndMetadata(next)));
        commitForLagTooling(kafka, false);
    }

    /**
     * Copies the offsets to Kafka for lag tooling, at most once a second: every commit is a write on the broker,
     * and the read database holds the offsets that count.
     */
    private void commitForLagTooling(KafkaConsumer<String, byte[]> kafka, boolean now) {
        if (forLagTooling.isEmpty() || !now && System.nanoTime() - lastKafkaCommit < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        kafka.commitAsync(new HashMap<>(forLagTooling), (committedOffsets, e) -> {
            if (e != null) {
                log.debug("informational offset commit failed: {}", e.getMessage());
            }
        });
        forLagTooling.clear();
        lastKafkaCommit = System.nanoTime();
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Progress is stored in the read database with the rows; Kafka's copy is informational.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The relay publishes in transactions; never read what it aborted.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // Kafka's default of 45 s means a crashed instance's partitions stand still that long.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.sessionTimeout().toMillis() / 3);
        settings.instanceId().ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) settings.fetchMaxWait().toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "order-projector-" + ProcessHandle.current().pid());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** On assignment, continue each partition where the read database says it stands. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;
        private final TopicIdentities identities;

        SeekToStoredOffsets(KafkaConsumer<String, byte[]> kafka, TopicIdentities identities) {
            this.kafka = kafka;
            this.identities = identities;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetStore.Position> stored = readDatabase.withHandle(handle ->
                    offsets.load(handle, partitions));
            Set<TopicPartition> startOver = startOverReplacedTopics(kafka, identities, partitions, stored);
            Map<TopicPartition, Long> seekTo = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetStore.Position position = stored.get(partition);
                if (position == null || startOver.contains(partition)) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, position.nextOffset());
                    seekTo.put(partition, position.nextOffset());
                }
            }
            log.info("projector assigned partitions={} storedOffsets={} topicIds={}", partitions, seekTo,
                    consumedTopicIds);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("projector released partitions={}", partitions);
            }
        }
    }
}
