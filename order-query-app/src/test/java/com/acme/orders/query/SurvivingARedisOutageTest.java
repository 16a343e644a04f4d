package com.acme.orders.query;

import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is an accelerator: while it is down or stalls, answers come from PostgreSQL, never a 5xx, the outage
 * shows in a metric, and the shared tier is used again by itself once Redis answers.
 */
class SurvivingARedisOutageTest {

    private static final Duration PROMPT = Duration.ofMillis(1_000);

    private static OwnRedis redis;
    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        redis = OwnRedis.start();
        app = RunningQueryApp.start(Map.of("CACHE_REDIS_URL", redis.url(), "CACHE_REDIS_TIMEOUT", "100ms",
                // Only the shared tier: every read goes to Redis.
                "CACHE_NEAR_TTL", "1ms"));
        Samples.awaitListening(app.http);
        Samples.awaitRedis(app.http);
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
    }

    @Test
    void while_redis_is_down_orders_come_from_postgresql_and_redis_is_used_again_once_it_is_back() {
        app.readModel.saveAndNotify(order(301));
        app.http.get("/orders/301");

        redis.down();
        HttpJson.Response duringOutage = app.http.get("/orders/301");
        Timed another = Timed.of(() -> app.http.get("/orders/301"));

        assertThat(duringOutage.status()).isEqualTo(200);
        assertThat(duringOutage.json().get("id").asLong()).isEqualTo(301);
        assertThat(another.response().status()).isEqualTo(200);
        assertThat(another.elapsed()).isLessThan(PROMPT);
        assertThat(Samples.value(app.http, "cache_redis_failures_total")).isGreaterThan(0);
        assertThat(Samples.value(app.http, "cache_redis_up")).isEqualTo(0);

        redis.up();

        Await.until(() -> {
            app.http.get("/orders/301");
            return Samples.value(app.http, "cache_redis_up") == 1;
        }, Duration.ofSeconds(10));
        double hits = Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"redis\"");
        Await.until(() -> {
            app.http.get("/orders/301");
            return Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"redis\"") > hits;
        }, Duration.ofSeconds(5));
    }

    @Test
    void a_stalled_redis_costs_at_most_its_timeout_and_never_an_error() {
        app.readModel.saveAndNotify(order(302));
        app.http.get("/orders/302");

        redis.stall(Duration.ofSeconds(3));
        // Until redis-cli got its DEBUG SLEEP through: a PING from here then goes unanswered.
        Await.until(redis::stalled, Duration.ofSeconds(2));
        Timed first = Timed.of(() -> app.http.get("/orders/302"));
        Timed second = Timed.of(() -> app.http.get("/orders/302"));

        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.elapsed()).isLessThan(PROMPT);
        assertThat(second.response().status()).isEqualTo(200);
        assertThat(second.elapsed()).as("skips Redis while it is known down").isLessThan(PROMPT);
        assertThat(Samples.value(app.http, "cache_redis_up")).isEqualTo(0);
    }

    @Test
    void an_invalidation_redis_missed_during_an_outage_is_carried_out_before_it_is_read_again() {
        ReadModelOrder placed = order(303);
        app.readModel.saveAndNotify(placed);
        Samples.settle(app);
        assertThat(app.http.get("/orders/303").json().get("version").asLong()).as("now in Redis").isEqualTo(1);
        redis.stall(Duration.ofSeconds(2));
        Await.until(redis::stalled, Duration.ofSeconds(2));
        app.http.get("/orders/303");
        assertThat(Samples.value(app.http, "cache_redis_up")).as("a timed-out read marks Redis down").isEqualTo(0);

        // Redis is skipped now: this change's invalidation cannot reach it, and version 1 stays there.
        app.readModel.saveAndNotify(placed.movedTo("CONFIRMED"));
        Samples.settle(app);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && Samples.value(app.http, "cache_redis_up") == 0) {
            assertThat(app.http.get("/orders/303").json().get("version").asLong()).isEqualTo(2);
            Timed.pause(50);
        }
        assertThat(Samples.value(app.http, "cache_redis_up")).as("Redis back in use").isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(app.http.get("/orders/303").json().get("version").asLong()).as("never the version Redis kept")
                    .isEqualTo(2);
        }
    }
}
