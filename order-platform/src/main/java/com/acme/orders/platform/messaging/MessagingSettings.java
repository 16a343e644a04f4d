package com.acme.orders.platform.messaging;

import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service consumes its input topic and publishes its outbox.
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}, localhost:9092
 * @param inputTopic       the topic consumed, e.g. {@code inventory-commands}
 * @param outputTopic      the topic the answers go to, e.g. {@code inventory-replies}
 * @param groupId          the consumer group; every instance of one service shares it
 * @param partitions       partitions of the input and output topics when this service has to create them
 *                         ({@code SAGA_TOPIC_PARTITIONS}, 6)
 * @param batchSize        outbox messages per publish ({@code OUTBOX_BATCH_SIZE}, 500)
 * @param pollInterval     how often the relay looks for messages committed by other instances
 *                         ({@code OUTBOX_POLL_INTERVAL}, 100ms; own commits wake it at once)
 * @param maxBackoff       longest wait between retries while Kafka or PostgreSQL is down ({@code KAFKA_MAX_BACKOFF}, 5s)
 */
public record MessagingSettings(String bootstrapServers, String inputTopic, String outputTopic, String groupId,
                                int partitions, int batchSize, Duration pollInterval, Duration maxBackoff) {

    public MessagingSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(groupId, "groupId");
        if (partitions < 1 || batchSize < 1) {
            throw new IllegalArgumentException("partitions and batch size must be positive");
        }
    }

    /**
     * Reads the shared variables; the topics and the group are named by the service:
     * {@code <prefix>_COMMANDS_TOPIC}, {@code <prefix>_REPLIES_TOPIC}, {@code <prefix>_CONSUMER_GROUP}.
     */
    public static MessagingSettings fromEnv(Env env, String prefix, String inputTopic, String outputTopic,
                                            String groupId) {
        return new MessagingSettings(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string(prefix + "_COMMANDS_TOPIC", inputTopic),
                env.string(prefix + "_REPLIES_TOPIC", outputTopic),
                env.string(prefix + "_CONSUMER_GROUP", groupId),
                env.integer("SAGA_TOPIC_PARTITIONS", 6),
                env.integer("OUTBOX_BATCH_SIZE", 500),
                env.duration("OUTBOX_POLL_INTERVAL", Duration.ofMillis(100)),
                env.duration("KAFKA_MAX_BACKOFF", Duration.ofSeconds(5)));
    }
}
