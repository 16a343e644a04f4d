package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;

import java.time.Duration;
import java.util.Arrays;

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

    /**
     * Returns once the app has handled every notification sent before: notifications arrive in order, so once
     * a marker sent now has been handled, all earlier ones have.
     */
    static void settle(RunningQueryApp app) {
        double handled = value(app.http, "cache_invalidations_total");
        app.readModel.notifyChanged("0");
        com.acme.orders.testkit.Await.until(() -> value(app.http, "cache_invalidations_total") > handled,
                Duration.ofSeconds(5));
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
