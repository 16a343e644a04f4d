package com.acme.orders.payment;

import com.acme.orders.events.Topics;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.platform.messaging.MessageRetention;
import com.acme.orders.platform.messaging.MessagingSettings;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The payment service's configuration, read once from the environment.
 *
 * @param httpPort   {@code PAYMENT_HTTP_PORT}, 8085 (0 picks a free port): the admin API and the probes
 * @param db         {@code PAYMENT_DB_URL} (database {@code payments}, created at start when missing),
 *                   {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE}, {@code DB_CONNECT_TIMEOUT}
 * @param messaging  {@code KAFKA_BOOTSTRAP_SERVERS}, {@code PAYMENT_COMMANDS_TOPIC}, {@code PAYMENT_REPLIES_TOPIC},
 *                   {@code PAYMENT_CONSUMER_GROUP} and the shared {@code SAGA_TOPIC_PARTITIONS}, {@code OUTBOX_*}
 *                   settings
 * @param limit      {@code PAYMENT_LIMIT}, 10000.00: an authorisation of a larger amount is declined
 * @param adminToken {@code ADMIN_API_TOKEN}, unset: when set, the admin API requires it as a bearer
 *                   token (printed masked)
 * @param retention  {@code INBOX_RETENTION}, 7d: how long processed command ids are kept (at least the command
 *                   topic's retention); {@code REJECTED_RETENTION}, 30d; {@code RETENTION_INTERVAL}, 1h
 */
public record PaymentConfig(int httpPort, DbSettings db, MessagingSettings messaging, BigDecimal limit,
                            Optional<ApiToken> adminToken,
                            MessageRetention.Settings retention) {

    public static final String TOKEN_VARIABLE = "ADMIN_API_TOKEN";
    public static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/payments";

    public static PaymentConfig fromEnv(Env env) {
        return new PaymentConfig(
                env.integer("PAYMENT_HTTP_PORT", 8085),
                DbSettings.fromEnv(env, "PAYMENT_DB_URL", DEFAULT_DB_URL),
                MessagingSettings.fromEnv(env, "PAYMENT", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES,
                        "payment-service"),
                limit(env.string("PAYMENT_LIMIT", "10000.00")),
                ApiToken.fromEnv(env, TOKEN_VARIABLE),
                MessageRetention.Settings.fromEnv(env, "INBOX_RETENTION"));
    }

    private static BigDecimal limit(String text) {
        try {
            BigDecimal limit = new BigDecimal(text);
            if (limit.signum() < 0 || limit.scale() > 2) {
                throw new NumberFormatException();
            }
            return limit.setScale(2);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PAYMENT_LIMIT must be an amount such as 10000.00 (not negative, at"
                    + " most two decimals), was '" + text + "'");
        }
    }
}
