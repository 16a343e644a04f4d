package com.acme.orders.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes, then reads through every cache tier, and counts answers older than the invalidation window. Each
 * round creates an order through the command app, reads it through every query instance until each shows
 * version 1 (now cached near in each and in Redis), moves it on (version 2), watches the read database until
 * it has committed version 2, and from then on reads it through every instance until all show version 2. An
 * answer still at version 1 more than {@code window} after the commit was seen is a violation. The commit is
 * seen by polling, so it happened up to one poll (about a millisecond) earlier than measured.
 */
final class StalenessChecker {

    record Result(long rounds, long reads, long staleWithinWindow, long violations, double maxStaleMillis,
                  long failed) {
    }

    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private StalenessChecker() {
    }

    static Result run(String host, int commandPort, List<Integer> queryPorts, Database readDatabase, Duration duration,
                      Duration window, String orderBody) throws SQLException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long rounds = 0;
        long reads = 0;
        long stale = 0;
        long violations = 0;
        long failed = 0;
        long maxStaleNanos = 0;
        long end = System.nanoTime() + duration.toNanos();
        try (Connection db = readDatabase.connect();
             PreparedStatement version = db.prepareStatement("SELECT version FROM order_read_models WHERE id = ?")) {
            while (System.nanoTime() < end) {
                try {
                    HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                                    URI.create("http://" + host + ":" + commandPort + "/orders"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(orderBody)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String token = created.headers().firstValue("Consistency-Token").orElseThrow();
                    long id = Long.parseLong(token.substring(0, token.indexOf(':')));
                    for (int port : queryPorts) {
                        // With the token: waits until the read model has it, then caches version 1.
                        read(http, host, port, id, token);
                        reads++;
                    }
                    HttpResponse<String> moved = http.send(HttpRequest.newBuilder(
                                    URI.create("http://" + host + ":" + commandPort + "/orders/" + id + "/status"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"status\": \"CONFIRMED\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (moved.statusCode() != 200) {
                        failed++;
                        continue;
                    }
                    long committedAt = awaitVersion(version, id, 2);
                    boolean[] current = new boolean[queryPorts.size()];
                    int caughtUp = 0;
                    while (caughtUp < current.length && System.nanoTime() - committedAt < GIVE_UP_NANOS) {
                        for (int i = 0; i < current.length; i++) {
                            if (current[i]) {
                                continue;
                            }
                            long shown = read(http, host, queryPorts.get(i), id, null);
                            long age = System.nanoTime() - committedAt;
                            reads++;
                            if (shown >= 2) {
                                current[i] = true;
                                caughtUp++;
                            } else {
                                maxStaleNanos = Math.max(maxStaleNanos, age);
                                if (age > window.toNanos()) {
                                    violations++;
                                } else {
                                    stale++;
                                }
                            }
                        }
                    }
                    rounds++;
                } catch (IOException | RuntimeException e) {
                    failed++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return new Result(rounds, reads, stale, violations, maxStaleNanos / 1e6, failed);
    }

    private static long read(HttpClient http, String host, int port, long id, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/orders/" + id));
        if (token != null) {
            request.header("Consistency-Token", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = VERSION.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException("GET /orders/" + id + " answered " + response.statusCode());
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Polls the read database until it holds the order at {@code atLeast}; returns when it saw that. */
    private static long awaitVersion(PreparedStatement version, long id, long atLeast) throws SQLException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < GIVE_UP_NANOS) {
            version.setLong(1, id);
            try (ResultSet row = version.executeQuery()) {
                if (row.next() && row.getLong(1) >= atLeast) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("the read model did not reach version " + atLeast + " of order " + id);
    }
}
