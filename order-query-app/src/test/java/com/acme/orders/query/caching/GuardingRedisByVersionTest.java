package com.acme.orders.query.caching;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        redis.floor("order:1", 2);
        assertThat(CachedAnswer.decode(redis.get("order:1"))).as("the floor replaced version 1").isNull();

        redis.put("order:1", answer(1));

        assertThat(CachedAnswer.decode(redis.get("order:1"))).as("version 1 refused after the floor").isNull();
    }

    @Test
    void the_current_version_replaces_its_floor_and_stays_against_older_answers_and_equal_floors() {
        redis.floor("order:2", 3);
        redis.put("order:2", answer(3));
        redis.put("order:2", answer(2));
        redis.floor("order:2", 3);

        assertThat(CachedAnswer.decode(redis.get("order:2"))).isEqualTo(answer(3));

        redis.floor("order:2", 4);

        assertThat(CachedAnswer.decode(redis.get("order:2"))).isNull();
    }

    private static CachedAnswer answer(long version) {
        return new CachedAnswer(version, false, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
    }
}
