package com.acme.orders.query.caching;

import com.acme.orders.platform.config.Env;

import java.time.Duration;
import java.util.Optional;

/**
 * How the query app caches answers.
 *
 * @param nearMaxMb      {@code CACHE_NEAR_MAX_MB}, an eighth of the heap (8 with the runner's 64 MiB): rendered
 *                       bytes kept in each instance, in MiB (0 turns both tiers off). The cache takes this much
 *                       heap, in byte arrays allocated at its first stores, and up to ~5 % more for its tables; a larger
 *                       cache wants a larger heap ({@code -Xmx}) by as much.
 * @param nearTtl        {@code CACHE_NEAR_TTL}, 10m: a safety net only; notifications remove changed entries
 * @param redisUrl       {@code CACHE_REDIS_URL}, unset: the shared tier, e.g. {@code redis://127.0.0.1:6379/0};
 *                       unset means no shared tier
 * @param redisTimeout   {@code CACHE_REDIS_TIMEOUT}, 50ms: per command; slower counts as down (connecting happens in the
 *                       background, up to 2 s an attempt)
 * @param redisTtl       {@code CACHE_REDIS_TTL}, 10m: a safety net for the shared tier
 * @param redisPrefix    {@code CACHE_REDIS_PREFIX}, {@code order-query:<read database name>:}: keeps read models
 *                       that share one Redis apart
 */
public record CacheSettings(int nearMaxMb, Duration nearTtl, Optional<String> redisUrl, Duration redisTimeout,
                            Duration redisTtl, String redisPrefix) {

    public CacheSettings {
        if (nearMaxMb < 0) {
            throw new IllegalArgumentException("CACHE_NEAR_MAX_MB must be 0 or more, was " + nearMaxMb);
        }
        if (redisTimeout.isZero() || redisTimeout.isNegative()) {
            throw new IllegalArgumentException("CACHE_REDIS_TIMEOUT must be positive, was " + redisTimeout);
        }
    }

    public boolean enabled() {
        return nearMaxMb > 0;
    }

    public static CacheSettings fromEnv(Env env, String readDbUrl) {
        String url = env.secret("CACHE_REDIS_URL", "");
        return new CacheSettings(
                env.integer("CACHE_NEAR_MAX_MB", defaultNearMaxMb()),
                env.duration("CACHE_NEAR_TTL", Duration.ofMinutes(10)),
                url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim()),
                env.duration("CACHE_REDIS_TIMEOUT", Duration.ofMillis(50)),
                env.duration("CACHE_REDIS_TTL", Duration.ofMinutes(10)),
                env.string("CACHE_REDIS_PREFIX", "order-query:" + databaseName(readDbUrl) + ":"));
    }

    /** An eighth of the heap this JVM may grow to, at least 1 MiB. */
    static int defaultNearMaxMb() {
        return (int) Math.max(1, Runtime.getRuntime().maxMemory() / 8 / (1024 * 1024));
    }

    /** {@code orders_read} of {@code jdbc:postgresql://host:5432/orders_read?x=y}. */
    static String databaseName(String jdbcUrl) {
        String path = jdbcUrl.replaceFirst("\\?.*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
