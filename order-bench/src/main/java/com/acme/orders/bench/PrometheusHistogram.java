package com.acme.orders.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram as an app exposes it on {@code /metrics} ({@code <name>_bucket{le="…"}} cumulative counts).
 * Two scrapes give the distribution of what happened in between, read at any percentile.
 */
record PrometheusHistogram(TreeMap<Double, Double> cumulative) {

    static PrometheusHistogram scrape(String metricsUrl, String name) {
        return scrape(metricsUrl, name, "");
    }

    /** The buckets of {@code name} on the lines that contain {@code label} (such as {@code hop="projection"}). */
    static PrometheusHistogram scrape(String metricsUrl, String name, String label) {
        String text = PrometheusText.fetch(metricsUrl);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "_bucket{") && line.contains(label)) {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.merge(upper, PrometheusText.value(line), Double::sum);
            }
        }
        return new PrometheusHistogram(buckets);
    }

    /** What was recorded after {@code earlier}. */
    PrometheusHistogram since(PrometheusHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        cumulative.forEach((bound, count) -> delta.put(bound, count - earlier.cumulative.getOrDefault(bound, 0.0)));
        return new PrometheusHistogram(delta);
    }

    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The value at {@code percentile} (0-100) in the histogram's unit, interpolated inside its bucket. */
    double percentile(double percentile) {
        double total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = total * percentile / 100.0;
        double lowerBound = 0;
        double lowerCount = 0;
        List<Map.Entry<Double, Double>> entries = new ArrayList<>(cumulative.entrySet());
        for (Map.Entry<Double, Double> entry : entries) {
            if (entry.getValue() >= rank) {
                if (entry.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = entry.getValue() - lowerCount;
                double fraction = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (entry.getKey() - lowerBound) * fraction;
            }
            lowerBound = entry.getKey();
            lowerCount = entry.getValue();
        }
        return lowerBound;
    }
}
