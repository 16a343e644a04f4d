package com.acme.orders.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Commit → queryable, from the client's side, at a steady rate. Workers with keep-alive connections to both
 * apps each create orders on a fixed schedule (together {@code perSecond}); a create's response starts the
 * clock, and the first query that shows that order at that version (a GET carrying the Consistency-Token,
 * which waits for it) stops it.
 */
final class FreshnessProbe {

    /**
     * Creates one worker can keep on schedule: each waits for its create and then its query, a few milliseconds
     * each, so a fast rate needs many workers, or they fall behind and the rate is not the one asked for.
     */
    private static final double PER_WORKER = 10;

    record Result(Histogram latency, long stale, long failed, long sent, long late) {

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    private FreshnessProbe() {
    }

    static Result run(String host, int commandPort, int queryPort, double perSecond, Duration duration, String body) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong stale = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong late = new AtomicLong();
        byte[] create = HttpLoad.post(host, commandPort, "/orders", body);
        int workerCount = (int) Math.min(512, Math.max(4, Math.ceil(perSecond / PER_WORKER)));
        long period = (long) (1e9 * workerCount / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            long first = start + (long) (1e9 * w / perSecond);
            Thread worker = new Thread(() -> {
                long next = first;
                while (next < end) {
                    try (RawConnection commands = new RawConnection(host, commandPort);
                         RawConnection queries = new RawConnection(host, queryPort)) {
                        while (next < end) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            } else if (-wait > period) {
                                late.incrementAndGet();
                            }
                            next += period;
                            sent.incrementAndGet();
                            RawConnection.Response created = commands.exchange(create);
                            long committed = System.nanoTime();
                            String token = created.headers().get("consistency-token");
                            if (created.status() != 201 || token == null) {
                                failed.incrementAndGet();
                                continue;
                            }
                            String id = token.substring(0, token.indexOf(':'));
                            RawConnection.Response read = queries.exchange(HttpLoad.get(host, queryPort,
                                    "/orders/" + id, "Consistency-Token", token));
                            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - committed);
                            synchronized (latency) {
                                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                            }
                            if (!"consistent".equals(read.headers().get("consistency-status"))) {
                                stale.incrementAndGet();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "freshness-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join(duration.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Result(latency, stale.get(), failed.get(), sent.get(), late.get());
    }
}
