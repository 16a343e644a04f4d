package com.acme.orders.query.caching;

import com.acme.orders.query.OwnRedis;
import com.acme.orders.query.Timed;
import com.acme.orders.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalidations Redis missed during an outage are carried out off the request path: until they are, reads skip
 * Redis (answered from the database by the caller) and return at once, however long emptying the prefix takes
 * (a SCAN of Redis's whole keyspace); afterwards Redis is in use again, without what they removed.
 */
class PayingMissedInvalidationsTest {

    private static final String PREFIX = "test-debts:";

    private final OwnRedis redis = OwnRedis.start();
    private final SharedTier tier = new SharedTier(redis.url(), Duration.ofMillis(500), Duration.ofMinutes(1), PREFIX,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        tier.close();
        redis.close();
    }

    @Test
    void a_read_while_the_prefix_is_owed_an_emptying_skips_redis_at_once_and_redis_serves_again_once_it_is_done() {
        Await.until(tier::inUse, Duration.ofSeconds(10));
        redis.down();
        // An "everything" that cannot reach Redis: the whole prefix is owed.
        tier.deleteAll();
        assertThat(tier.inUse()).isFalse();

        redis.up();
        // What the missed "everything" should have removed, among a million other keys a SCAN has to walk.
        redis.cli("DEBUG", "POPULATE", "1000000", "other");
        redis.cli("SET", PREFIX + "order:1", "1,0,stale");
        // Lettuce reconnects by itself; the tier tries Redis again once RETRY_MILLIS has passed since the failure.
        Await.until(() -> clientsBesidesTheCli() >= 1, Duration.ofSeconds(30));
        Timed.pause(SharedTier.RETRY_MILLIS + 200);

        long started = System.nanoTime();
        byte[] duringPayment = tier.get("order:1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(duringPayment).as("nothing read while the emptying is owed").isNull();
        assertThat(took).as("the emptying runs off the caller's thread").isLessThan(Duration.ofMillis(150));
        Await.until(() -> tier.inUse() && redis.cli("EXISTS", PREFIX + "order:1").equals("0"), Duration.ofSeconds(30));
        assertThat(redis.cli("DBSIZE")).isEqualTo("1000000");
        tier.floors(Map.of("order:2", 5L));
        assertThat(redis.cli("GET", PREFIX + "order:2")).as("writes reach Redis again").startsWith("5,");
    }

    private long clientsBesidesTheCli() {
        return Arrays.stream(redis.cli("CLIENT", "LIST").split("\n")).filter(line -> !line.contains("cmd=client"))
                .count();
    }
}
