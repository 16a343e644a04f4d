package com.acme.orders.command;

import com.acme.orders.command.archive.ArchiveSettings;
import com.acme.orders.command.outbox.RelaySettings;
import com.acme.orders.command.saga.SagaSettings;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.platform.messaging.MessageRetention;

import java.time.Duration;
import java.util.Optional;

/**
 * The command app's configuration, read once from the environment.
 *
 * @param httpPort          {@code HTTP_PORT}, 8081 (0 picks a free port)
 * @param db                {@code WRITE_DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE},
 *                          {@code DB_CONNECT_TIMEOUT}
 * @param relay             {@code KAFKA_BOOTSTRAP_SERVERS} and the {@code RELAY_*} settings
 * @param idempotencyKeyTtl {@code IDEMPOTENCY_KEY_TTL}, 24h: how long a retried POST returns the first result
 * @param apiToken          {@code COMMAND_API_TOKEN}, unset: when set, every command must carry it as a bearer
 *                          token; unset or empty leaves the API open
 * @param sagas             {@code SAGAS_ENABLED} and the {@code SAGA_*} settings
 * @param archive           the {@code ARCHIVE_*} and {@code EVENT_PARTITIONS_AHEAD} settings
 * @param messageRetention  {@code SAGA_INBOX_RETENTION}, 7d: how long the ids of applied saga replies are kept (at
 *                          least the reply topics' retention); {@code REJECTED_RETENTION}, 30d; how often these and
 *                          {@code SAGA_RETENTION} are applied: {@code RETENTION_INTERVAL}, 1h
 */
public record CommandConfig(int httpPort, DbSettings db, RelaySettings relay, Duration idempotencyKeyTtl,
                            Optional<ApiToken> apiToken, SagaSettings sagas, ArchiveSettings archive,
                            MessageRetention.Settings messageRetention) {

    public static final String TOKEN_VARIABLE = "COMMAND_API_TOKEN";
    public static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/orders_write";

    public static CommandConfig fromEnv(Env env) {
        return new CommandConfig(
                env.integer("HTTP_PORT", 8081),
                DbSettings.fromEnv(env, "WRITE_DB_URL", DEFAULT_DB_URL),
                RelaySettings.fromEnv(env),
                env.duration("IDEMPOTENCY_KEY_TTL", Duration.ofHours(24)),
                ApiToken.fromEnv(env, TOKEN_VARIABLE),
                SagaSettings.fromEnv(env),
                ArchiveSettings.fromEnv(env),
                MessageRetention.Settings.fromEnv(env, "SAGA_INBOX_RETENTION"));
    }
}
