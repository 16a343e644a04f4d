package com.acme.orders.query;

import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.query.caching.CacheSettings;

import java.time.Duration;
import java.util.Optional;

/**
 * The query app's configuration, read once from the environment.
 *
 * @param httpPort        {@code HTTP_PORT}, 8082 (0 picks a free port)
 * @param db              {@code READ_DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE},
 *                        {@code DB_CONNECT_TIMEOUT}
 * @param listPoolSize    {@code DB_LIST_POOL_SIZE}, the processors this JVM sees (at least 2): the connections of
 *                        the list views (pages of orders), a pool of their own, so that at most this many list
 *                        statements run at once and a request beyond waits its turn (up to
 *                        {@code DB_CONNECT_TIMEOUT}, then 503). Single orders, statistics and read-your-writes keep
 *                        the main pool. Why: a list statement costs the database ~1 ms of CPU; with more of them
 *                        running than the database has cores they are preempted in turn: on two shared cores with 4
 *                        clients, username search's p99 was 11.5-15.0 ms with the main pool's 10 connections and 7.5 ms
 *                        with 2 (BENCHMARKS.md, 2026-12-02 second morning).
 *                        Size it to the read database's cores divided by the query instances.
 * @param consistencyWait {@code CONSISTENCY_WAIT}, 2s: how long a request with a Consistency-Token waits for
 *                        the read model before it answers with what it has, marked stale
 * @param apiToken        {@code QUERY_API_TOKEN}, unset: when set, every query must carry it as a bearer token;
 *                        unset or empty leaves the API open
 * @param cache           {@code CACHE_*}: the near cache and the shared tier in Redis, see {@link CacheSettings}
 */
public record QueryConfig(int httpPort, DbSettings db, int listPoolSize, Duration consistencyWait,
                          Optional<ApiToken> apiToken, CacheSettings cache) {

    public static final String TOKEN_VARIABLE = "QUERY_API_TOKEN";

    public static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/orders_read";

    public QueryConfig {
        if (listPoolSize < 1) {
            throw new IllegalArgumentException("DB_LIST_POOL_SIZE must be at least 1, was " + listPoolSize);
        }
        if (consistencyWait.isNegative() || consistencyWait.isZero()) {
            throw new IllegalArgumentException("CONSISTENCY_WAIT must be positive, was " + consistencyWait);
        }
    }

    public static QueryConfig fromEnv(Env env) {
        DbSettings db = DbSettings.fromEnv(env, "READ_DB_URL", DEFAULT_DB_URL);
        return new QueryConfig(
                env.integer("HTTP_PORT", 8082),
                db,
                env.integer("DB_LIST_POOL_SIZE", defaultListPoolSize()),
                env.duration("CONSISTENCY_WAIT", Duration.ofSeconds(2)),
                ApiToken.fromEnv(env, TOKEN_VARIABLE),
                CacheSettings.fromEnv(env, db.jdbcUrl()));
    }

    /** The processors this JVM may use, at least 2. */
    static int defaultListPoolSize() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** The list views' pool: the main pool's settings with {@link #listPoolSize} connections. */
    public DbSettings listDb() {
        return db.withPoolSize(listPoolSize);
    }
}
