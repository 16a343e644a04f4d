package com.acme.orders.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment a saga participant (inventory, payment) is started with in its own module's tests: HTTP on a free
 * port, its own fresh database, and its own topics and consumer group on the shared broker.
 */
public final class ParticipantTestEnv {

    private ParticipantTestEnv() {
    }

    /**
     * @param service the service's variable prefix in lower case, e.g. {@code inventory} for {@code INVENTORY_DB_URL}
     * @return a mutable map, for the caller's own variables and overrides
     */
    public static Map<String, String> of(String service, TestDatabase database, String bootstrapServers) {
        String prefix = service.toUpperCase(Locale.ROOT);
        Map<String, String> env = new HashMap<>();
        env.put(prefix + "_HTTP_PORT", "0");
        env.put(prefix + "_DB_URL", database.jdbcUrl());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        // Tests share one broker: each gets its own topics and group.
        env.put(prefix + "_COMMANDS_TOPIC", service + "-commands-" + database.name());
        env.put(prefix + "_REPLIES_TOPIC", service + "-replies-" + database.name());
        env.put(prefix + "_CONSUMER_GROUP", service + "-" + database.name());
        env.put("OUTBOX_POLL_INTERVAL", "50ms");
        env.put("KAFKA_MAX_BACKOFF", "500ms");
        return env;
    }
}
