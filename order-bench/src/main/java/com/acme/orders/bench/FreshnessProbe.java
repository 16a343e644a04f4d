package com.acme.orders.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Commit → queryable, from the client's side, at a steady rate. One scheduler sends creates on a fixed schedule
 * through an asynchronous client holding at most {@value #MAX_IN_FLIGHT} orders in flight; a create's response
 * starts the clock, and the answer of one GET carrying its Consistency-Token (which waits for the read model)
 * stops it. A create that cannot leave on time (the schedule slipped, or all slots are taken) counts as late:
 * then the rate was not sustained.
 */
final class FreshnessProbe {

    static final int MAX_IN_FLIGHT = 256;
    /** A send this much after its scheduled time is late; less is the scheduler's jitter on a busy machine. */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    record Result(Histogram latency, long stale, long failed, long sent, long late, double perSecond) {

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        double maxMillis() {
            return latency.getMaxValue() / 1000.0;
        }

        /** Every create left on time (at most 1 % late) and the rate reached 95 % of the one asked for. */
        boolean sustained(double asked) {
            return late <= sent / 100 && perSecond >= 0.95 * asked;
        }
    }

    private FreshnessProbe() {
    }

    static Result run(String host, int commandPort, int queryPort, double perSecond, Duration duration, String body) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong stale = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long late = 0;
        long sent = 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest create = HttpRequest.newBuilder(URI.create("http://" + host + ":" + commandPort + "/orders"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        long period = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long due = start; due < end; due += period) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            slots.acquireUninterruptibly();
            if (System.nanoTime() - due > LATE_NANOS) {
                late++;
            }
            sent++;
            client.sendAsync(create, HttpResponse.BodyHandlers.ofString()).thenCompose(created -> {
                long answered = System.nanoTime();
                String token = created.headers().firstValue("consistency-token").orElse(null);
                if (created.statusCode() != 201 || token == null) {
                    failed.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }
                String id = token.substring(0, token.indexOf(':'));
                HttpRequest read = HttpRequest.newBuilder(URI.create("http://" + host + ":" + queryPort + "/orders/" + id))
                        .header("Consistency-Token", token).timeout(Duration.ofSeconds(30)).GET().build();
                return client.sendAsync(read, HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - answered);
                    synchronized (latency) {
                        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                    }
                    if (response.statusCode() != 200) {
                        failed.incrementAndGet();
                    } else if (!"consistent".equals(response.headers().firstValue("consistency-status").orElse(""))) {
                        stale.incrementAndGet();
                    }
                });
            }).whenComplete((done, failure) -> {
                if (failure != null) {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            if (!slots.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
                failed.addAndGet(MAX_IN_FLIGHT - slots.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(latency, stale.get(), failed.get(), sent, late, sent / seconds);
    }
}
