package com.acme.orders.command.outbox;

import com.acme.orders.events.Topics;
import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the outbox relay runs.
 *
 * @param enabled          whether this instance takes part in the leader election at all
 * @param bootstrapServers Kafka
 * @param topic            where order events go; {@code order-events} unless several deployments share a cluster
 * @param transactions     whether every batch is a Kafka transaction with a {@link #checkpointTopic() checkpoint}
 *                         (true) or sent by an idempotent producer and recovered from the topics' last records
 *                         (false, {@link PublishedTail}); see {@link OutboxRelay}
 * @param transactionalId  the relay of one write database, shared by its instances: on every record it sends, and
 *                         with transactions the producer's id, so that a new leader's producer fences the old one's
 * @param partitions       partitions of {@code order-events} when the relay has to create the topic
 * @param batchSize        events and commands per batch (per Kafka transaction with transactions)
 * @param pollInterval     how often to look for events appended by other instances (own commits wake it at once)
 * @param minInterval      least time between the starts of two batches, after a batch of more than one message:
 *                         each (above all a Kafka transaction) costs the broker CPU whatever its size, so under load
 *                         batches grow instead of their count; a relay that keeps up with single events sends at once
 * @param vacuumEvery      published events between two VACUUMs of the outbox table
 * @param maxBackoff       longest wait between retries while Kafka or PostgreSQL is down
 * @param commandTopics    where saga commands go ({@code INVENTORY_COMMANDS_TOPIC}, {@code PAYMENT_COMMANDS_TOPIC}),
 *                         created by the relay when missing
 */
public record RelaySettings(boolean enabled, String bootstrapServers, String topic, boolean transactions,
                            String transactionalId, int partitions,
                            int batchSize, Duration pollInterval, Duration minInterval, int vacuumEvery,
                            Duration maxBackoff, List<String> commandTopics) {

    /** Every topic the relay publishes to: the order events', then the saga commands'. */
    public List<String> relayedTopics() {
        List<String> topics = new ArrayList<>(commandTopics.size() + 1);
        topics.add(topic);
        topics.addAll(commandTopics);
        return topics;
    }

    /** The compacted topic where each Kafka transaction records which event positions it carried. */
    public String checkpointTopic() {
        return topic + "-relay-checkpoints";
    }

    public static RelaySettings fromEnv(Env env) {
        return new RelaySettings(
                env.flag("RELAY_ENABLED", true),
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("ORDER_EVENTS_TOPIC", Topics.ORDER_EVENTS),
                env.flag("RELAY_TRANSACTIONS", false),
                env.string("RELAY_TRANSACTIONAL_ID", "order-outbox-relay"),
                env.integer("ORDER_EVENTS_PARTITIONS", 6),
                env.integer("RELAY_BATCH_SIZE", 500),
                env.duration("RELAY_POLL_INTERVAL", Duration.ofMillis(100)),
                env.duration("RELAY_MIN_INTERVAL", Duration.ofMillis(5)),
                env.integer("RELAY_VACUUM_EVERY", 10_000),
                env.duration("RELAY_MAX_BACKOFF", Duration.ofSeconds(5)),
                List.of(env.string("INVENTORY_COMMANDS_TOPIC", Topics.INVENTORY_COMMANDS),
                        env.string("PAYMENT_COMMANDS_TOPIC", Topics.PAYMENT_COMMANDS)));
    }
}
