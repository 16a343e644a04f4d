package com.acme.orders.projector.consume;

import com.acme.orders.platform.freshness.FreshnessHop;
import com.acme.orders.projector.project.BatchProjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.time.Instant;

/** The projector's meters: what happened to each event, gaps, batch time and write-to-read latency. */
final class ProjectorMetrics {

    private final Counter applied;
    private final Counter skipped;
    private final Counter deadLettered;
    private final Counter gapsRepaired;
    private final Timer batch;
    private final Timer writeToRead;
    private final Timer relayToProjector;
    private final Timer projection;
    private final MeterRegistry registry;

    ProjectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        applied = events(registry, "applied");
        skipped = events(registry, "skipped");
        deadLettered = events(registry, "dead_lettered");
        gapsRepaired = Counter.builder("projector.gaps.repaired")
                .description("orders whose missing versions were read from the event store").register(registry);
        batch = Timer.builder("projector.batch").description("one poll applied in one read-model transaction")
                .publishPercentileHistogram().register(registry);
        writeToRead = Timer.builder("projector.write.to.read.latency")
                .description("from the command's commit (event occurredAt) to the read model's commit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        relayToProjector = FreshnessHop.RELAY_TO_PROJECTOR.timer(registry);
        projection = FreshnessHop.PROJECTION.timer(registry);
    }

    /**
     * The two freshness hops that end here, per record the relay stamped with its sending time (user events and
     * records of older relays carry no stamp and count for neither).
     */
    void hops(ConsumerRecords<String, byte[]> records, Instant received, Instant committed) {
        for (ConsumerRecord<String, byte[]> record : records) {
            Header sentAt = record.headers().lastHeader(FreshnessHop.SENT_AT_HEADER);
            if (sentAt == null) {
                continue;
            }
            FreshnessHop.decodeSentAt(sentAt.value()).ifPresent(sent -> {
                FreshnessHop.record(relayToProjector, sent, received);
                FreshnessHop.record(projection, received, committed);
            });
        }
    }

    void record(BatchProjection.Outcome outcome, int undecodable, long batchNanos, Instant committedAt) {
        applied.increment(outcome.applied());
        skipped.increment(outcome.skipped());
        deadLettered.increment(outcome.invalid().size() + undecodable);
        gapsRepaired.increment(outcome.gapsRepaired());
        batch.record(Duration.ofNanos(batchNanos));
        for (Instant occurredAt : outcome.appliedOccurredAt()) {
            writeToRead.record(Duration.between(occurredAt, committedAt));
        }
    }

    /** A topic found replaced (a new topic id) and read again from its beginning. */
    void topicReset(String topic) {
        Counter.builder("projector.topic.resets").tag("topic", topic)
                .description("topics found deleted and created again, or on another cluster, and read again from "
                        + "their beginning").register(registry).increment();
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("projector.events").tag("outcome", outcome)
                .description("events by what the projector did with them").register(registry);
    }
}
