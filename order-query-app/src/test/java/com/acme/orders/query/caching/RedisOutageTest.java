package com.acme.orders.query.caching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage of the shared tier ends only when a command sent after its latest failure is answered. */
class RedisOutageTest {

    private static final long RETRY = 1_000;

    private final RedisOutage outage = new RedisOutage(RETRY);

    @Test
    void answers_to_commands_sent_before_the_failure_do_not_end_the_outage() {
        assertThat(outage.answered(5)).as("no outage to end").isFalse();

        assertThat(outage.failed(100)).as("the first failure begins it").isTrue();
        assertThat(outage.answered(90)).as("sent before the failure, answered after it").isFalse();
        assertThat(outage.failed(110)).as("a second reply timing out: the same outage").isFalse();
        assertThat(outage.answered(105)).as("sent before the latest failure").isFalse();

        assertThat(outage.down()).isTrue();
        assertThat(outage.skipping(111)).isTrue();
        assertThat(outage.skipping(110 + RETRY - 1)).as("the retry counts from the latest failure").isTrue();
        assertThat(outage.skipping(110 + RETRY)).as("the retry is due").isFalse();

        assertThat(outage.answered(110 + RETRY)).as("the retry, answered, ends it").isTrue();
        assertThat(outage.down()).isFalse();
        assertThat(outage.skipping(110 + RETRY + 1)).isFalse();
        assertThat(outage.answered(110 + RETRY + 2)).as("ended once").isFalse();
    }

    @Test
    void times_are_compared_by_difference_as_nano_time_readings_may_be_negative_or_wrap() {
        long failure = Long.MAX_VALUE - 10;
        outage.failed(failure);

        assertThat(outage.skipping(failure + 20)).as("past the wrap, still within the retry").isTrue();
        assertThat(outage.answered(failure - 5)).isFalse();
        assertThat(outage.answered(failure + 20)).isTrue();
    }
}
