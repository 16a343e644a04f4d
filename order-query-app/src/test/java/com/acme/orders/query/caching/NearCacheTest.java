package com.acme.orders.query.caching;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
        fillFull(4); // 2 leaves; 1 goes to the back, its hit cleared: 3, 4, 1
        fillFull(5); // 3 leaves: 4, 1, 5
        fillFull(6); // 4 leaves: 1, 5, 6
        fillFull(7); // 1 leaves: not hit since it came round

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
