package com.acme.orders.projector.consume;

import com.acme.orders.events.Topics;
import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.Optional;

/**
 * How the projector consumes.
 *
 * @param bootstrapServers Kafka
 * @param groupId          consumer group; instances of one group share the partitions
 * @param orderTopic       {@code ORDER_EVENTS_TOPIC}
 * @param userTopic        {@code USER_EVENTS_TOPIC}
 * @param deadLetterTopic  {@code DEAD_LETTER_TOPIC}
 * @param deadLetterRetention {@code DEAD_LETTER_RETENTION}, 14d: the {@code retention.ms} the dead-letter topic is
 *                         created with (long enough to be looked at after a holiday, short enough that the topic
 *                         does not grow without bound); an existing topic keeps the retention it has
 * @param partitions       partitions for topics the projector has to create
 * @param maxPollRecords   records per batch (and per read-model transaction)
 * @param sessionTimeout   how long the group waits for a silent instance before giving its partitions to others
 * @param instanceId       optional static group membership: an instance restarted with the same id gets its
 *                         partitions back at once instead of after the session timeout; must be unique per instance
 * @param fetchMaxWait     how long the broker may hold a fetch that has nothing to return
 * @param stallAfter       {@code PROJECTOR_STALL_AFTER}: events waiting and no batch committed for this long makes the
 *                         projector stalled (not ready, gauge {@code projector.stalled} = 1)
 */
public record ConsumerSettings(String bootstrapServers, String groupId, String orderTopic, String userTopic,
                               String deadLetterTopic, Duration deadLetterRetention, int partitions, int maxPollRecords, Duration sessionTimeout,
                               Optional<String> instanceId, Duration fetchMaxWait, Duration stallAfter) {

    public static ConsumerSettings fromEnv(Env env) {
        return new ConsumerSettings(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("PROJECTOR_GROUP_ID", "order-projector"),
                env.string("ORDER_EVENTS_TOPIC", Topics.ORDER_EVENTS),
                env.string("USER_EVENTS_TOPIC", Topics.USER_EVENTS),
                env.string("DEAD_LETTER_TOPIC", Topics.ORDER_EVENTS_DEAD_LETTER),
                env.duration("DEAD_LETTER_RETENTION", Duration.ofDays(14)),
                env.integer("ORDER_EVENTS_PARTITIONS", 6),
                env.integer("PROJECTOR_MAX_POLL_RECORDS", 2_000),
                env.duration("PROJECTOR_SESSION_TIMEOUT", Duration.ofSeconds(10)),
                Optional.of(env.string("PROJECTOR_INSTANCE_ID", "")).filter(id -> !id.isBlank()),
                env.duration("PROJECTOR_FETCH_MAX_WAIT", Duration.ofMillis(500)),
                env.duration("PROJECTOR_STALL_AFTER", Duration.ofSeconds(30)));
    }
}
