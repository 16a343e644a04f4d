package com.acme.orders.query;

import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query instances over one read model share their entries through Redis (the shared server on
 * {@value #REDIS_PORT}, under a prefix of this test's own database): a freshly started one is warm, and a change
 * announced by the read model leaves every instance and Redis.
 */
class SharingEntriesThroughRedisTest {

    private static final int REDIS_PORT = 6379;
    /**
     * With a timeout far above the default 50 ms: this test is about sharing. A cold JVM's first Redis commands on a
     * busy 2-core machine can take longer than 50 ms (CI, 2026-12-03), which counts as an outage that skips the first
     * instance's write; {@link SurvivingARedisOutageTest} covers timeouts.
     */
    private static final Map<String, String> SHARED = Map.of("CACHE_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT,
            "CACHE_REDIS_TIMEOUT", "5s");

    private static RunningQueryApp first;

    @BeforeAll
    static void start() {
        first = RunningQueryApp.start(SHARED);
        Samples.awaitListening(first.http);
        Samples.awaitRedis(first.http);
    }

    @AfterAll
    static void stop() {
        first.close();
    }

    @Test
    void a_freshly_started_instance_answers_from_what_another_put_in_redis_until_the_change_is_announced() {
        ReadModelOrder placed = order(201);
        first.readModel.saveAndNotify(placed);
        Samples.settle(first);
        assertThat(first.http.get("/orders/201").json().get("version").asLong()).isEqualTo(1);
        // The write to Redis is sent, not waited for: the second instance must not start before it landed.
        String key = first.config.cache().redisPrefix() + ReadCache.order(201);
        Await.until(() -> OwnRedis.cli(REDIS_PORT, "GET", key).startsWith("1,"), Duration.ofSeconds(5));
        // Committed, not announced yet: only the cache can still say version 1.
        first.readModel.save(placed.movedTo("CONFIRMED"));

        try (RunningQueryApp second = RunningQueryApp.alongside(first, SHARED)) {
            Samples.awaitListening(second.http);
            Samples.awaitRedis(second.http);
            long warm = second.http.get("/orders/201").json().get("version").asLong();
            double redisHits = Samples.value(second.http, "cache_gets_total", "result=\"hit\"", "tier=\"redis\"");

            first.readModel.notifyChanged("201");

            assertThat(warm).as("from the first instance's entry in Redis").isEqualTo(1);
            assertThat(redisHits).isEqualTo(1);
            Await.until(() -> second.http.get("/orders/201").json().get("version").asLong() == 2
                    && first.http.get("/orders/201").json().get("version").asLong() == 2, Duration.ofSeconds(5));
        }
    }
}
