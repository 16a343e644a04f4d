package com.acme.orders.query.caching;

import com.acme.orders.query.OwnRedis;
import com.acme.orders.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One instance whose near misses Redis cannot answer (ids nobody read before) stops asking it on every miss, and
 * its GETs to Redis drop to one in {@value SharedReads#PROBE_EVERY}; it still writes what it read, so another
 * instance finds it there; and once the probes find answers again, every miss asks again.
 */
class SkippingRedisWhileItRarelyAnswersTest {

    private static final Pattern GET_CALLS = Pattern.compile("cmdstat_get:calls=(\\d+)");
    private static final Pattern EVAL_CALLS = Pattern.compile("cmdstat_eval:calls=(\\d+)");

    private final OwnRedis redis = OwnRedis.start();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ReadCache cache = cache(registry);

    @AfterEach
    void stop() {
        cache.close();
        redis.close();
    }

    @Test
    void misses_redis_cannot_answer_stop_asking_it_and_answers_it_has_again_bring_the_asking_back() {
        awaitRedis(registry);
        cache.listening(true);
        int window = SharedReads.WINDOW;
        read(cache, 1, window);
        assertThat(gets(registry, "redis", "miss")).isEqualTo(window);

        awaitStored(window);
        long getsBefore = lookups();
        int misses = 9 * window;
        read(cache, window + 1, misses);
        int stored = window + misses;
        awaitStored(stored);

        assertThat(lookups() - getsBefore).as("GETs sent to Redis").isEqualTo(misses / SharedReads.PROBE_EVERY);
        assertThat(skipped(registry))
                .isEqualTo(misses - misses / SharedReads.PROBE_EVERY);

        MeterRegistry otherRegistry = new SimpleMeterRegistry();
        try (ReadCache another = cache(otherRegistry)) {
            awaitRedis(otherRegistry);
            another.listening(true);
            read(another, 1, window);
            assertThat(gets(otherRegistry, "redis", "hit")).as("every answer was written")
                    .isEqualTo(window);
        }

        // Restarting the near tier: every id is in Redis now, and the probes find them.
        cache.listening(true);
        read(cache, 1, window * SharedReads.PROBE_EVERY);
        double skippedBefore = skipped(registry);
        double hitsBefore = gets(registry, "redis", "hit");
        read(cache, window * SharedReads.PROBE_EVERY + 1, 100);

        assertThat(skipped(registry)).as("skipped after the probes hit")
                .isEqualTo(skippedBefore);
        assertThat(gets(registry, "redis", "hit") - hitsBefore).isEqualTo(100);
    }

    private ReadCache cache(MeterRegistry meters) {
        CacheSettings settings = new CacheSettings(16, Duration.ofMinutes(10), Optional.of(redis.url()),
                Duration.ofMillis(500), Duration.ofMinutes(10), "test-skip:");
        // The database is only read for the invalidation lag, after a change: none here.
        return new ReadCache(settings, Jdbi.create("jdbc:postgresql://127.0.0.1:5432/postgres"), meters);
    }

    /** Orders {@code first} to {@code first + count - 1}, each answered by its "database" when the cache has none. */
    private static void read(ReadCache cache, long first, int count) {
        for (long id = first; id < first + count; id++) {
            CachedAnswer answer = answer(id);
            assertThat(cache.get(ReadCache.order(id), 0, () -> Optional.of(answer))).contains(answer);
        }
    }

    private static CachedAnswer answer(long id) {
        return new CachedAnswer(1, false, ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** GETs Redis was sent: those it ran, less the one inside each guarded write (an EVAL). */
    private long lookups() {
        String stats = redis.cli("INFO", "commandstats");
        return calls(GET_CALLS, stats) - calls(EVAL_CALLS, stats);
    }

    private static long calls(Pattern command, String stats) {
        Matcher calls = command.matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private void awaitStored(int keys) {
        Await.until(() -> redis.cli("DBSIZE").equals(Integer.toString(keys)), Duration.ofSeconds(10));
    }

    private static void awaitRedis(MeterRegistry meters) {
        Await.until(() -> meters.get("cache.redis.up").gauge().value() == 1, Duration.ofSeconds(10));
    }

    private static double skipped(MeterRegistry meters) {
        return meters.get("cache.redis.skipped").counter().count();
    }

    private static double gets(MeterRegistry meters, String tier, String result) {
        return meters.get("cache.gets").tag("tier", tier).tag("result", result).counter().count();
    }
}
