package com.acme.orders.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Commit → queryable, from the client's side, at a steady rate. One scheduler sends creates on a fixed schedule
 * to a client holding at most {@value #MAX_IN_FLIGHT} orders in flight; a create's response
 * starts the clock, and the answer of one GET carrying its Consistency-Token (which waits for the read model)
 * stops it. A create that cannot leave on time (the schedule slipped, or all slots are taken) counts as late:
 * then the rate was not sustained. Each order in flight has a thread and keep-alive raw-socket connections
 * ({@link RawConnection}), so the client costs microseconds per order, not milliseconds.
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

        /** p50, p99, max, what was sent and how it went, as the bench's table and the probe alone print it. */
        String summary(double asked) {
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d creates at %,.0f/s, %d stale, %d failed,"
                            + " %d late (%s)", p50Millis(), p99Millis(), maxMillis(), sent, perSecond, stale, failed,
                    late, sustained(asked) ? "sustained" : "NOT sustained");
        }

        /** Every create left on time (at most 1 % late) and the rate reached 95 % of the one asked for. */
        boolean sustained(double asked) {
            return late <= sent / 100 && perSecond >= 0.95 * asked;
        }
    }

    private FreshnessProbe() {
    }

    /**
     * The probe alone, against a running system ({@code make run}):
     * {@code java -cp order-bench/target/order-bench.jar com.acme.orders.bench.FreshnessProbe <creates/s> <seconds>
     * [command port] [query port]}.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: FreshnessProbe <creates per second> <seconds> [command port] [query port]");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[0]);
        Result result = run(Benchmark.HOST, args.length > 2 ? Integer.parseInt(args[2]) : 8081,
                args.length > 3 ? Integer.parseInt(args[3]) : 8082, rate, Duration.ofSeconds(Long.parseLong(args[1])),
                Benchmark.ORDER);
        System.out.println("commit -> queryable: " + result.summary(rate));
    }

    static Result run(String host, int commandPort, int queryPort, double perSecond, Duration duration, String body) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong stale = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long late = 0;
        long sent = 0;
        byte[] create = HttpLoad.post(host, commandPort, "/orders", body);
        // Keep-alive connections, reused most-recent first; as many as orders are in flight at once.
        Deque<RawConnection> creates = new ConcurrentLinkedDeque<>();
        Deque<RawConnection> reads = new ConcurrentLinkedDeque<>();
        // Threads as the orders in flight need them (idle ones are reused): the JDK's HttpClient spent ~3 ms of CPU
        // per order here, more than the system under test, on the same two cores.
        ExecutorService orders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "freshness-probe");
            thread.setDaemon(true);
            return thread;
        });
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
            orders.execute(() -> {
                try {
                    RawConnection.Response created = RawConnection.exchange(creates, host, commandPort, create);
                    long answered = System.nanoTime();
                    String token = created.headers().get("consistency-token");
                    if (created.status() != 201 || token == null) {
                        failed.incrementAndGet();
                        return;
                    }
                    String id = token.substring(0, token.indexOf(':'));
                    RawConnection.Response read = RawConnection.exchange(reads, host, queryPort,
                            HttpLoad.get(host, queryPort, "/orders/" + id, "Consistency-Token", token));
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - answered);
                    synchronized (latency) {
                        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                    }
                    if (read.status() != 200) {
                        failed.incrementAndGet();
                    } else if (!"consistent".equals(read.headers().getOrDefault("consistency-status", ""))) {
                        stale.incrementAndGet();
                    }
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                } finally {
                    slots.release();
                }
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
        orders.shutdownNow();
        creates.forEach(RawConnection::close);
        reads.forEach(RawConnection::close);
        return new Result(latency, stale.get(), failed.get(), sent, late, sent / seconds);
    }

}
