package com.acme.orders.query.caching;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingTest {

    private final AtomicLong clock = new AtomicLong(-5_000);
    private final Sampling sampling = new Sampling(100, clock::get);

    @Test
    void the_first_occasion_is_taken_and_the_next_only_once_the_interval_has_passed() {
        assertThat(sampling.due()).isTrue();
        assertThat(sampling.due()).isFalse();
        clock.addAndGet(99);
        assertThat(sampling.due()).isFalse();
        clock.addAndGet(1);
        assertThat(sampling.due()).isTrue();
        assertThat(sampling.due()).isFalse();
    }

    @Test
    void after_a_quiet_spell_one_occasion_is_taken_not_one_per_missed_interval() {
        assertThat(sampling.due()).isTrue();
        clock.addAndGet(1_000);
        assertThat(sampling.due()).isTrue();
        assertThat(sampling.due()).isFalse();
    }
}
