package com.acme.orders.query.caching;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis (the shared server) keeps the newest version it was told of: a floor raised after a change replaces an
 * older entry, and an older answer stored afterwards, by a read on another instance that began before the
 * change, is refused.
 */
class GuardingRedisByVersionTest {

    private final SharedTier redis = new SharedTier("redis://127.0.0.1:6379", Duration.ofSeconds(2),
            Duration.ofMinutes(1), "test-guard-" + UUID.randomUUID() + ":", new SimpleMeterRegistry());

    @BeforeEach
    void connected() {
        Await.until(redis::inUse, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        redis.deleteAll();
        redis.close();
    }

    @Test
    void an_answer_older_than_the_floor_is_not_stored() {
        redis.put("order:1", answer(1));
        redis.floors(Map.of("order:1", 2L));
        assertThat(CachedAnswer.decode(redis.get("order:1"))).as("the floor replaced version 1").isNull();

        redis.put("order:1", answer(1));

        assertThat(CachedAnswer.decode(redis.get("order:1"))).as("version 1 refused after the floor").isNull();
    }

    @Test
    void the_current_version_replaces_its_floor_and_stays_against_older_answers_and_equal_floors() {
        redis.floors(Map.of("order:2", 3L));
        redis.put("order:2", answer(3));
        redis.put("order:2", answer(2));
        redis.floors(Map.of("order:2", 3L));

        assertThat(CachedAnswer.decode(redis.get("order:2"))).isEqualTo(answer(3));

        redis.floors(Map.of("order:2", 4L));

        assertThat(CachedAnswer.decode(redis.get("order:2"))).isNull();
    }

    @Test
    void one_call_raises_the_floors_of_every_order_a_notification_names() {
        redis.put("order:3", answer(1));
        redis.put("order:4", answer(5));

        redis.floors(Map.of("order:3", 2L, "order:4", 5L, "order:5", 1L));

        assertThat(CachedAnswer.decode(redis.get("order:3"))).as("version 1 below its floor of 2").isNull();
        assertThat(CachedAnswer.decode(redis.get("order:4"))).as("version 5 is current").isEqualTo(answer(5));
        redis.put("order:5", answer(0));
        assertThat(CachedAnswer.decode(redis.get("order:5"))).as("a floor where nothing was cached").isNull();
    }

    private static CachedAnswer answer(long version) {
        return new CachedAnswer(version, false, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
    }
}
