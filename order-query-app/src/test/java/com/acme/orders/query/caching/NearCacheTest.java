package com.acme.orders.query.caching;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near tier: bounded by weight, second chance for entries hit since they came round, dropped when too old; once
 * full, a key gets in the second time it is stored.
 */
class NearCacheTest {

    /** Every entry below weighs the same: overhead, a key of 7 characters, 10 bytes of JSON. */
    private static final int WEIGHT = NearCache.ENTRY_OVERHEAD + 7 + 10;

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger evictions = new AtomicInteger();
    private final NearCache cache = new NearCache(3L * WEIGHT, 1_000, now::get, evictions::incrementAndGet);

    @Test
    void the_oldest_entry_not_hit_since_it_came_round_leaves_first() {
        fill(1, 2, 3);
        assertThat(cache.get("order:1")).isEqualTo(answer(1));

        fillFull(4);

        assertThat(cache.get("order:2")).isNull();
        assertThat(cache.get("order:1")).isEqualTo(answer(1));
        assertThat(cache.get("order:3")).isEqualTo(answer(3));
        assertThat(cache.get("order:4")).isEqualTo(answer(4));
        assertThat(evictions).hasValue(1);
        assertThat(cache.weight()).isEqualTo(3L * WEIGHT);
    }

    @Test
    void a_second_chance_is_used_up_when_the_entry_comes_round_again_without_a_hit() {
        fill(1, 2, 3);
        cache.get("order:1");
        fillFull(4); // 1 goes to the back, its hit cleared, then 2 leaves: 3, 1, 4
        fillFull(5); // 3 leaves: 1, 4, 5
        fillFull(6); // 1 leaves: not hit since it came round
        fillFull(7); // 4 leaves: 5, 6, 7

        assertThat(cache.get("order:1")).isNull();
        assertThat(List.of(cache.get("order:5"), cache.get("order:6"), cache.get("order:7")))
                .containsExactly(answer(5), answer(6), answer(7));
    }

    @Test
    void removed_and_replaced_entries_count_until_they_come_round_and_then_free_their_weight() {
        cache.put("order:1", answer(1));
        cache.put("order:2", answer(2));
        cache.put("order:1", answer(11));
        cache.invalidate("order:2");
        assertThat(cache.weight()).isEqualTo(3L * WEIGHT);

        fillFull(3);

        assertThat(cache.get("order:1")).isEqualTo(answer(11));
        assertThat(cache.get("order:3")).isEqualTo(answer(3));
        assertThat(cache.weight()).isEqualTo(3L * WEIGHT);
        assertThat(evictions).as("the dead entries left without counting as evictions").hasValue(0);
    }

    @Test
    void once_full_a_key_stored_for_the_first_time_is_turned_away_and_let_in_the_second_time() {
        fill(1, 2, 3);

        cache.put("order:4", answer(4));

        assertThat(cache.get("order:4")).as("read once: it would only have pushed out an entry read again").isNull();
        assertThat(evictions).hasValue(0);
        assertThat(cache.weight()).isEqualTo(3L * WEIGHT);

        cache.put("order:4", answer(4));

        assertThat(cache.get("order:4")).isEqualTo(answer(4));
        assertThat(cache.get("order:1")).as("the oldest made room").isNull();
        assertThat(evictions).hasValue(1);
    }

    @Test
    void once_full_a_new_version_of_a_stored_key_replaces_it_at_once() {
        fill(1, 2, 3);

        cache.put("order:2", answer(11));

        assertThat(cache.get("order:2")).isEqualTo(answer(11));
    }

    @Test
    void an_entry_older_than_its_time_to_live_is_not_served() {
        cache.put("order:1", answer(1));
        now.addAndGet(999);
        assertThat(cache.get("order:1")).isEqualTo(answer(1));

        now.addAndGet(1);

        assertThat(cache.get("order:1")).isNull();
        assertThat(evictions).hasValue(1);
    }

    @Test
    void invalidating_everything_empties_it() {
        cache.put("order:1", answer(1));
        cache.put("order:2", answer(2));

        cache.invalidateAll();

        assertThat(cache.get("order:1")).isNull();
        assertThat(cache.get("order:2")).isNull();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void invalidating_keys_removes_only_them() {
        cache.put("order:1", answer(1));
        cache.put("order:2", answer(2));

        cache.invalidateAll(List.of("order:1", "order:9"));

        assertThat(cache.get("order:1")).isNull();
        assertThat(cache.get("order:2")).isEqualTo(answer(2));
    }

    @Test
    void an_answer_heavier_than_the_whole_cache_is_not_kept() {
        NearCache small = new NearCache(WEIGHT - 1, 1_000, now::get, evictions::incrementAndGet);

        small.put("order:1", answer(1));

        assertThat(small.get("order:1")).isNull();
        assertThat(small.weight()).isZero();
    }

    @Test
    void a_deleted_order_comes_back_deleted_with_its_version() {
        cache.put("order:1", CachedAnswer.deleted(7));

        assertThat(cache.get("order:1")).isEqualTo(CachedAnswer.deleted(7));
    }

    @Test
    void what_a_hit_returns_is_a_copy_that_later_stores_do_not_change() {
        cache.put("order:1", answer(1));
        CachedAnswer first = cache.get("order:1");

        cache.put("order:1", answer(2));
        cache.invalidateAll();
        fill(3, 4, 5);

        assertThat(first).isEqualTo(answer(1));
    }

    @Test
    void a_key_that_is_not_ascii_is_not_kept_and_finds_nothing() {
        cache.put("order:\u00e9", answer(1));

        assertThat(cache.get("order:\u00e9")).isNull();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void with_room_for_everything_it_answers_every_key_with_what_was_stored_last() {
        NearCache roomy = new NearCache(64L << 20, 1, Long.MAX_VALUE, now::get, evictions::incrementAndGet);
        Map<String, CachedAnswer> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            String key = "order:" + random.nextInt(5_000);
            switch (random.nextInt(4)) {
                case 0 -> {
                    roomy.invalidate(key);
                    model.remove(key);
                }
                case 1 -> {
                    CachedAnswer answer = sized(i, random.nextInt(600));
                    roomy.put(key, answer);
                    model.put(key, answer);
                }
                default -> assertThat(roomy.get(key)).as(key).isEqualTo(model.get(key));
            }
        }
        for (int id = 0; id < 5_000; id++) {
            assertThat(roomy.get("order:" + id)).isEqualTo(model.get("order:" + id));
        }
        assertThat(evictions).hasValue(0);
    }

    @Test
    void wrapping_round_its_ring_many_times_it_never_answers_with_anything_but_the_last_answer_stored() {
        long bound = 40_000;
        NearCache ring = new NearCache(bound, 1, Long.MAX_VALUE, now::get, evictions::incrementAndGet);
        Map<String, CachedAnswer> model = new HashMap<>();
        Random random = new Random(7);
        int hits = 0;
        for (int i = 0; i < 200_000; i++) {
            // A hot fifth of the keys gets most reads, as under the bench's mix.
            String key = "order:" + (random.nextInt(5) > 0 ? random.nextInt(100) : random.nextInt(2_000));
            int action = random.nextInt(10);
            if (action == 0) {
                ring.invalidate(key);
                model.remove(key);
            } else if (action < 4) {
                CachedAnswer answer = sized(i, random.nextInt(900));
                ring.put(key, answer);
                model.put(key, answer);
            } else {
                CachedAnswer got = ring.get(key);
                if (got != null) {
                    assertThat(got).as(key).isEqualTo(model.get(key));
                    hits++;
                }
            }
            assertThat(ring.weight()).isLessThanOrEqualTo(bound);
        }
        assertThat(evictions.get()).as("the ring came round").isGreaterThan(1_000);
        assertThat(hits).as("and still answered").isGreaterThan(10_000);
    }

    @Test
    void threads_storing_and_reading_across_shards_each_get_their_own_keys_answers() throws Exception {
        NearCache shared = new NearCache(16L << 20, 16, Long.MAX_VALUE, now::get, evictions::incrementAndGet);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    Random random = new Random(thread);
                    int hits = 0;
                    for (int i = 0; i < 50_000; i++) {
                        long id = thread * 1_000_000L + random.nextInt(3_000);
                        String key = "order:" + id;
                        if (random.nextBoolean()) {
                            shared.put(key, new CachedAnswer(i, false, ("{\"id\":" + id + "}").getBytes(
                                    StandardCharsets.US_ASCII)));
                        } else {
                            CachedAnswer got = shared.get(key);
                            if (got != null) {
                                assertThat(new String(got.json(), StandardCharsets.US_ASCII))
                                        .isEqualTo("{\"id\":" + id + "}");
                                hits++;
                            }
                        }
                    }
                    return hits;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isGreaterThan(10_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_large_cache_is_split_in_shards_of_a_mebibyte_or_more() {
        assertThat(NearCache.shardsFor(3L * WEIGHT)).isEqualTo(1);
        assertThat(NearCache.shardsFor(3L << 20)).isEqualTo(2);
        assertThat(NearCache.shardsFor(8L << 20)).isEqualTo(8);
        assertThat(NearCache.shardsFor(160L << 20)).isEqualTo(16);
    }

    /** An answer of {@code version} with {@code extra} more bytes of JSON than the shortest. */
    private static CachedAnswer sized(long version, int extra) {
        return new CachedAnswer(version, version % 17 == 0, ("{\"v\":" + version + ",\"pad\":\"" + "x".repeat(extra)
                + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /** Stores the answer of each version under {@code order:<version>}, in turn. */
    private void fill(long... versions) {
        for (long version : versions) {
            cache.put("order:" + version, answer(version));
        }
    }

    /** As {@link #fill}, each stored twice, as a key must be to get into a full cache. */
    private void fillFull(long... versions) {
        fill(versions);
        fill(versions);
    }

    /** Ten bytes of JSON for every version below 10 and for 11. */
    private static CachedAnswer answer(long version) {
        String json = ("{\"v\":" + version + "}       ").substring(0, 10);
        return new CachedAnswer(version, false, json.getBytes(StandardCharsets.US_ASCII));
    }
}
