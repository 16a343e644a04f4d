package com.acme.orders.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/** What an app exposes on {@code /metrics}, in Prometheus' text format. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The text at {@code metricsUrl}. */
    static String fetch(String metricsUrl) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("cannot scrape " + metricsUrl, e);
        }
    }

    /**
     * The sum of the samples of {@code name} (its exact name, labels or not) on the lines that contain every one of
     * {@code labels}, such as {@code tier="near"}; 0 when there is none.
     */
    static double sum(String text, String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && Arrays.stream(labels).allMatch(line::contains)) {
                sum += value(line);
            }
        }
        return sum;
    }

    /** How much {@link #sum} grew from the scrape {@code before} to the scrape {@code after}: a counter's increase. */
    static double increase(String before, String after, String name, String... labels) {
        return sum(after, name, labels) - sum(before, name, labels);
    }

    /** The value of a sample line: what follows its last space. */
    static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
