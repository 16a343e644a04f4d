package com.acme.orders.command.saga;

import com.acme.orders.domain.saga.SagaStep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The saga's meters: {@code sagas.started}, {@code sagas.confirmed}, {@code sagas.cancelled} (tag {@code reason}:
 * stock, payment, timeout, customer), {@code sagas.timed.out} (tag {@code step}), {@code saga.compensations},
 * {@code saga.duration} (start to CONFIRMED or CANCELLED, histogram), and from the database on each scrape
 * {@code sagas.in.flight} and {@code saga.oldest.in.flight.age.seconds}.
 */
public final class SagaMetrics {

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter confirmed;
    private final Counter compensations;
    private final Counter duplicateReplies;
    private final Timer duration;

    public SagaMetrics(MeterRegistry registry, Jdbi jdbi, Sagas sagas) {
        this.registry = registry;
        this.started = Counter.builder("sagas.started").description("place-order sagas started").register(registry);
        this.confirmed = Counter.builder("sagas.confirmed").description("sagas that confirmed their order")
                .register(registry);
        this.compensations = Counter.builder("saga.compensations")
                .description("compensating commands sent (release stock, void or refund payment)").register(registry);
        this.duplicateReplies = Counter.builder("saga.replies.duplicate")
                .description("replies delivered again and ignored").register(registry);
        this.duration = Timer.builder("saga.duration").description("from the order's placement to CONFIRMED or CANCELLED")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("sagas.in.flight", () -> inFlight(jdbi, sagas).map(f -> (double) f.count()).orElse(Double.NaN))
                .description("sagas reserving, authorising or compensating").register(registry);
        Gauge.builder("saga.oldest.in.flight.age.seconds", () -> inFlight(jdbi, sagas)
                        .map(f -> f.oldestStartedAt().map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
                                .orElse(0.0))
                        .orElse(Double.NaN))
                .description("how long the oldest saga in flight has been running").register(registry);
        for (String reason : new String[]{"stock", "payment", "timeout", "customer"}) {
            cancelledCounter(reason);
        }
    }

    void started() {
        started.increment();
    }

    void confirmed() {
        confirmed.increment();
    }

    void cancelled(String reason) {
        cancelledCounter(reason).increment();
    }

    void timedOut(SagaStep step) {
        Counter.builder("sagas.timed.out").description("saga steps whose participant did not answer in time")
                .tag("step", step.name()).register(registry).increment();
    }

    void compensations(long count) {
        compensations.increment(count);
    }

    void duplicateReply() {
        duplicateReplies.increment();
    }

    void finished(Duration took) {
        duration.record(took);
    }

    private Counter cancelledCounter(String reason) {
        return Counter.builder("sagas.cancelled").description("sagas that cancelled their order, by reason")
                .tag("reason", reason).register(registry);
    }

    private static Optional<Sagas.InFlight> inFlight(Jdbi jdbi, Sagas sagas) {
        try {
            return Optional.of(jdbi.withHandle(sagas::inFlight));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
