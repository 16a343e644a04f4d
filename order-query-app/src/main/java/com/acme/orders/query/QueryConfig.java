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
 * @param consistencyWait {@code CONSISTENCY_WAIT}, 2s: how long a request with a Consistency-Token waits for
 *                        the read model before it answers with what it has, marked stale
 * @param apiToken        {@code QUERY_API_TOKEN}, unset: when set, every query must carry it as a bearer token;
 *                        unset or empty leaves the API open
 * @param cache           {@code CACHE_*}: the near cache and the shared tier in Redis, see {@link CacheSettings}
 */
public record QueryConfig(int httpPort, DbSettings db, Duration consistencyWait, Optional<ApiToken> apiToken,
                          CacheSettings cache) {

    public static final String TOKEN_VARIABLE = "QUERY_API_TOKEN";

    public static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/orders_read";

    public QueryConfig {
        if (consistencyWait.isNegative() || consistencyWait.isZero()) {
            throw new IllegalArgumentException("CONSISTENCY_WAIT must be positive, was " + consistencyWait);
        }
    }

    public static QueryConfig fromEnv(Env env) {
        DbSettings db = DbSettings.fromEnv(env, "READ_DB_URL", DEFAULT_DB_URL);
        return new QueryConfig(
                env.integer("HTTP_PORT", 8082),
                db,
                env.duration("CONSISTENCY_WAIT", Duration.ofSeconds(2)),
                ApiToken.fromEnv(env, TOKEN_VARIABLE),
                CacheSettings.fromEnv(env, db.jdbcUrl()));
    }
}
