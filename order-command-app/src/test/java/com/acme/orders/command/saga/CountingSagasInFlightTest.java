package com.acme.orders.command.saga;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound on sagas in flight counts them in the database often while it is near the bound, but never so often
 * that the count itself keeps the database busy: a count that takes long (a partial index full of dead entries
 * under load) spaces out the next.
 */
class CountingSagasInFlightTest {

    private static final int LIMIT = 10;

    @Test
    void near_the_bound_a_quick_count_is_repeated_every_few_milliseconds() throws InterruptedException {
        AtomicInteger counts = new AtomicInteger();
        try (SagaAdmission ignored = new SagaAdmission(LIMIT, Duration.ofSeconds(1), () -> {
            counts.incrementAndGet();
            return LIMIT;
        }, new SimpleMeterRegistry())) {
            Thread.sleep(1_000);
        }

        assertThat(counts.get()).as("counts in one second at the bound").isGreaterThanOrEqualTo(20);
    }

    @Test
    void a_slow_count_takes_at_most_a_tenth_of_the_time() throws InterruptedException {
        AtomicInteger counts = new AtomicInteger();
        try (SagaAdmission ignored = new SagaAdmission(LIMIT, Duration.ofSeconds(1), () -> {
            counts.incrementAndGet();
            sleep(30);
            return LIMIT;
        }, new SimpleMeterRegistry())) {
            Thread.sleep(1_500);
        }

        // Back to back every 10 ms this would be ~37 counts (1.5 s / 40 ms); at most a tenth of the time, ~5.
        assertThat(counts.get()).as("counts of 30 ms in 1.5 s at the bound").isBetween(2, 8);
    }

    @Test
    void the_pause_after_a_count_is_the_usual_interval_or_nine_times_what_the_count_took() {
        assertThat(SagaAdmission.pauseNanos(true, TimeUnit.MILLISECONDS.toNanos(1)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(SagaAdmission.COUNT_EVERY_MS));
        assertThat(SagaAdmission.pauseNanos(true, TimeUnit.MILLISECONDS.toNanos(10)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
        assertThat(SagaAdmission.pauseNanos(false, TimeUnit.MILLISECONDS.toNanos(10)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(SagaAdmission.IDLE_COUNT_EVERY_MS));
        assertThat(SagaAdmission.pauseNanos(false, TimeUnit.MILLISECONDS.toNanos(100)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
