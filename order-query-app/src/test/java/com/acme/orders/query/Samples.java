package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;

import java.time.Duration;
import java.util.Arrays;

import static com.acme.orders.query.ReadModelOrder.order;

/** Reads one sample of the app's Prometheus exposition, and waits for the change listener. */
final class Samples {

    private Samples() {
    }

    /** The value of {@code name} whose labels include every one of {@code labels} (as {@code key="value"}); 0 when absent. */
    static double value(HttpJson http, String name, String... labels) {
        String exposition = http.get("/metrics").text();
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String head = line.substring(0, line.lastIndexOf(' '));
                if (Arrays.stream(labels).allMatch(head::contains)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    /** An order kept deleted, so that it stays out of lists and statistics, whose versions fence notifications. */
    private static final long FENCE = 999_999_999L;

    /**
     * Returns once the app has handled every notification sent before: notifications arrive in order, so once
     * the app stops serving the cached version of a fence order changed now, all earlier ones were handled.
     */
    static void settle(RunningQueryApp app) {
        long cached = fenceVersion(app);
        ReadModelOrder fence = order(FENCE).deletedLater();
        while (fence.version() <= cached) {
            fence = fence.deletedLater();
        }
        long next = fence.version();
        double handled = value(app.http, "cache_invalidations_total");
        app.readModel.saveAndNotify(fence);
        com.acme.orders.testkit.Await.until(() -> fenceVersion(app) == next
                && value(app.http, "cache_invalidations_total") > handled, Duration.ofSeconds(5));
        // The fence can show from the database before its notification is handled (when it was not cached), and
        // notifications of earlier changes may still be on their way: wait until the listener is quiet.
        com.acme.orders.testkit.Await.until(() -> {
            double seen = value(app.http, "cache_invalidations_total");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            return value(app.http, "cache_invalidations_total") == seen;
        }, Duration.ofSeconds(5));
    }

    private static long fenceVersion(RunningQueryApp app) {
        return app.http.get("/orders/" + FENCE).header("Read-Model-Version").map(Long::parseLong).orElse(0L);
    }

    /** Waits until the app has connected to Redis (in the background) and uses it. */
    static void awaitRedis(HttpJson http) {
        com.acme.orders.testkit.Await.until(() -> value(http, "cache_redis_up") == 1, Duration.ofSeconds(10));
    }

    static void awaitListening(HttpJson http) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpJson.Response ready;
        do {
            ready = http.get("/ready");
            if (ready.json().at("/checks/changeListener/status").asText().equals("UP")) {
                return;
            }
            Timed.pause(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the change listener did not come up: " + ready.text());
    }
}
