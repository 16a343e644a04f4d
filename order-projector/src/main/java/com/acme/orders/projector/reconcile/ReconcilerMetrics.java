package com.acme.orders.projector.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The reconciler's meters: drift found by the last pass, repairs, passes and how long they take. */
final class ReconcilerMetrics {

    private final AtomicLong drifted = new AtomicLong();
    private final Counter repairs;
    private final Counter completed;
    private final Counter failed;
    private final Timer pass;

    ReconcilerMetrics(MeterRegistry registry) {
        Gauge.builder("reconciler.drift.orders", drifted, AtomicLong::get)
                .description("orders whose read-model row the last reconcile pass found drifted")
                .strongReference(true)
                .register(registry);
        repairs = Counter.builder("reconciler.repairs")
                .description("drifted orders re-projected from the event store and verified").register(registry);
        completed = passes(registry, "completed");
        failed = passes(registry, "failed");
        pass = Timer.builder("reconciler.pass")
                .description("one reconcile pass: comparison, grace period, repairs").register(registry);
    }

    void completed(int driftedOrders, int repairedOrders, Duration took) {
        drifted.set(driftedOrders);
        repairs.increment(repairedOrders);
        completed.increment();
        pass.record(took);
    }

    void failed() {
        failed.increment();
    }

    private static Counter passes(MeterRegistry registry, String outcome) {
        return Counter.builder("reconciler.passes").tag("outcome", outcome)
                .description("reconcile passes by how they ended").register(registry);
    }
}
