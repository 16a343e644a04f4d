package com.acme.orders.inventory;

import com.acme.orders.events.Topics;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.platform.messaging.MessageRetention;
import com.acme.orders.platform.messaging.MessagingSettings;

import java.util.Optional;

/**
 * The inventory service's configuration, read once from the environment.
 *
 * @param httpPort     {@code INVENTORY_HTTP_PORT}, 8084 (0 picks a free port): the admin API and the probes
 * @param db           {@code INVENTORY_DB_URL} (database {@code inventory}, created at start when missing),
 *                     {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE}, {@code DB_CONNECT_TIMEOUT}
 * @param messaging    {@code KAFKA_BOOTSTRAP_SERVERS}, {@code INVENTORY_COMMANDS_TOPIC},
 *                     {@code INVENTORY_REPLIES_TOPIC}, {@code INVENTORY_CONSUMER_GROUP} and the shared
 *                     {@code SAGA_TOPIC_PARTITIONS}, {@code OUTBOX_*} settings
 * @param defaultStock {@code INVENTORY_DEFAULT_STOCK}, 1000: the units of a product whose stock was never set
 * @param adminToken   {@code ADMIN_API_TOKEN}, unset: when set, the admin API requires it as a bearer
 *                     token (printed masked)
 * @param retention  {@code INBOX_RETENTION}, 7d: how long processed command ids are kept (at least the command
 *                   topic's retention); {@code REJECTED_RETENTION}, 30d; {@code RETENTION_INTERVAL}, 1h
 */
public record InventoryConfig(int httpPort, DbSettings db, MessagingSettings messaging, int defaultStock,
                              Optional<ApiToken> adminToken,
                              MessageRetention.Settings retention) {

    public static final String TOKEN_VARIABLE = "ADMIN_API_TOKEN";
    public static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/inventory";

    public InventoryConfig {
        if (defaultStock < 0) {
            throw new IllegalArgumentException("INVENTORY_DEFAULT_STOCK must not be negative, was " + defaultStock);
        }
    }

    public static InventoryConfig fromEnv(Env env) {
        return new InventoryConfig(
                env.integer("INVENTORY_HTTP_PORT", 8084),
                DbSettings.fromEnv(env, "INVENTORY_DB_URL", DEFAULT_DB_URL),
                MessagingSettings.fromEnv(env, "INVENTORY", Topics.INVENTORY_COMMANDS, Topics.INVENTORY_REPLIES,
                        "inventory-service"),
                env.integer("INVENTORY_DEFAULT_STOCK", 1000),
                ApiToken.fromEnv(env, TOKEN_VARIABLE),
                MessageRetention.Settings.fromEnv(env, "INBOX_RETENTION"));
    }
}
