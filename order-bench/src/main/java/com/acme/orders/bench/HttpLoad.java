package com.acme.orders.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load: each of {@code connections} keep-alive connections sends a request, reads the
 * response, and sends the next. Raw sockets keep the generator's own CPU cost to a few microseconds per
 * request, which matters when it shares two cores with the system under test.
 */
final class HttpLoad {

    /** What a run measured; latency in microseconds. */
    record Result(long requests, long errors, Histogram latency, Duration took) {

        double perSecond() {
            return requests / (took.toNanos() / 1e9);
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    /** Builds the bytes of one request; the argument counts requests so each can differ. */
    interface Requests extends IntFunction<byte[]> {
    }

    private HttpLoad() {
    }

    static byte[] get(String host, int port, String path, String... headers) {
        return request("GET", host, port, path, null, headers);
    }

    static byte[] post(String host, int port, String path, String json) {
        return request("POST", host, port, path, json, "Content-Type", "application/json");
    }

    static byte[] request(String method, String host, int port, String path, String body, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    /** Runs for {@code duration}; a response that is not 2xx counts as an error. */
    static Result run(String host, int port, int connections, Duration duration, Requests requests) {
        Running running = start(host, port, connections, requests);
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running.stop();
    }

    /** Starts load in the background until {@link Running#stop()}. */
    static Running start(String host, int port, int connections, Requests requests) {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(new Worker(host, port, requests, running, i));
        }
        Running handle = new Running(running, workers, System.nanoTime());
        workers.forEach(Worker::start);
        return handle;
    }

    /** Load that is going on. */
    static final class Running {

        private final AtomicBoolean running;
        private final List<Worker> workers;
        private final long started;

        private Running(AtomicBoolean running, List<Worker> workers, long started) {
            this.running = running;
            this.workers = workers;
            this.started = started;
        }

        /** Stops every connection after its current request and sums up. */
        Result stop() {
            running.set(false);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
            long count = 0;
            long errors = 0;
            for (Worker worker : workers) {
                try {
                    worker.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                latency.add(worker.latency);
                count += worker.completed;
                errors += worker.errors;
            }
            return new Result(count, errors, latency, took);
        }
    }

    private static final class Worker extends Thread {

        private final String host;
        private final int port;
        private final Requests requests;
        private final AtomicBoolean running;
        private final int index;
        private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        private long completed;
        private long errors;

        Worker(String host, int port, Requests requests, AtomicBoolean running, int index) {
            super("load-" + index);
            this.host = host;
            this.port = port;
            this.requests = requests;
            this.running = running;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            int counter = index * 1_000_003;
            while (running.get()) {
                try (RawConnection connection = new RawConnection(host, port)) {
                    while (running.get()) {
                        byte[] request = requests.apply(counter++);
                        long sent = System.nanoTime();
                        int status = connection.exchange(request).status();
                        latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent),
                                latency.getHighestTrackableValue()));
                        completed++;
                        if (status < 200 || status >= 300) {
                            errors++;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // A broken connection or a response we could not read: count it and reconnect.
                    errors++;
                }
            }
        }
    }
}
