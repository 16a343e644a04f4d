package com.acme.orders.platform.db;

import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one PostgreSQL database.
 *
 * @param jdbcUrl        e.g. {@code jdbc:postgresql://localhost:5432/orders_write}
 * @param user           role name
 * @param password       may be empty (trust auth)
 * @param poolSize       maximum connections in the pool
 * @param connectTimeout how long a request waits for a connection before the app answers 503
 * @param startupTimeout how long start-up waits for the server to answer before the app gives up
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout,
                         Duration startupTimeout) {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public DbSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        Objects.requireNonNull(startupTimeout, "startupTimeout");
    }

    /** With the default start-up timeout of 60 s. */
    public DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {
        this(jdbcUrl, user, password, poolSize, connectTimeout, DEFAULT_STARTUP_TIMEOUT);
    }

    /** These settings with {@code poolSize} connections: a second pool to the same database. */
    public DbSettings withPoolSize(int poolSize) {
        return new DbSettings(jdbcUrl, user, password, poolSize, connectTimeout, startupTimeout);
    }

    /**
     * Reads {@code urlVariable}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE},
     * {@code DB_CONNECT_TIMEOUT}, {@code DB_STARTUP_TIMEOUT}.
     */
    public static DbSettings fromEnv(Env env, String urlVariable, String defaultUrl) {
        return new DbSettings(
                env.string(urlVariable, defaultUrl),
                env.string("DB_USER", "postgres"),
                env.secret("DB_PASSWORD", ""),
                env.integer("DB_POOL_SIZE", 10),
                env.duration("DB_CONNECT_TIMEOUT", Duration.ofSeconds(2)),
                env.duration("DB_STARTUP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT));
    }
}
