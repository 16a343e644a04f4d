package com.acme.orders.query.caching;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is asked on every near miss while it answers often enough, and on one in {@value SharedReads#PROBE_EVERY}
 * otherwise.
 */
class SharedReadsTest {

    private final SharedReads reads = new SharedReads();

    @Test
    void every_miss_asks_until_a_window_of_lookups_found_too_little_then_one_in_eight() {
        assertThat(IntStream.range(0, 50).filter(i -> reads.ask()).count()).isEqualTo(50);

        answer(SharedReads.WINDOW * SharedReads.MIN_HITS_PERCENT / 100 - 1, SharedReads.WINDOW);

        assertThat(reads.worthAsking()).isFalse();
        assertThat(IntStream.range(0, 80).filter(i -> reads.ask()).count()).isEqualTo(80 / SharedReads.PROBE_EVERY);
    }

    @Test
    void exactly_the_threshold_is_worth_asking() {
        answer(SharedReads.WINDOW * SharedReads.MIN_HITS_PERCENT / 100, SharedReads.WINDOW);

        assertThat(reads.worthAsking()).isTrue();
        assertThat(IntStream.range(0, 20).filter(i -> reads.ask()).count()).isEqualTo(20);
    }

    @Test
    void probes_that_find_answers_make_every_miss_ask_again_after_one_window() {
        answer(0, SharedReads.WINDOW);
        answer(SharedReads.WINDOW - 1, SharedReads.WINDOW - 1);
        assertThat(reads.worthAsking()).as("the window of probes is not complete").isFalse();

        answer(1, 1);

        assertThat(reads.worthAsking()).isTrue();
    }

    /** {@code lookups} answered lookups, the first {@code hits} of them hits. */
    private void answer(int hits, int lookups) {
        for (int i = 0; i < lookups; i++) {
            reads.answered(i < hits);
        }
    }
}
