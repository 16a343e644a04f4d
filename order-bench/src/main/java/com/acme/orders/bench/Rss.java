package com.acme.orders.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Samples the resident memory (VmRSS) of named processes twice a second and keeps each one's maximum. */
final class Rss implements AutoCloseable {

    private final Map<String, Long> maxKib = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Long>> pids = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });

    Rss() {
        sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Starts (or continues) watching {@code name}; the pid is looked up each time, so restarts are followed. */
    void watch(String name, Supplier<Long> pid) {
        pids.put(name, pid);
    }

    void forget(String name) {
        pids.remove(name);
    }

    /** The highest resident memory seen for {@code name}, in MiB; empty if it was never sampled (its phase did not run). */
    OptionalDouble maxMib(String name) {
        Long kib = maxKib.get(name);
        return kib == null ? OptionalDouble.empty() : OptionalDouble.of(kib / 1024.0);
    }

    private void sample() {
        pids.forEach((name, pid) -> {
            try {
                Long id = pid.get();
                if (id == null) {
                    return;
                }
                for (String line : Files.readAllLines(Path.of("/proc", id.toString(), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        maxKib.merge(name, kib, Math::max);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is between restarts
            }
        });
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
