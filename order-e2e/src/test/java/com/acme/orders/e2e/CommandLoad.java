package com.acme.orders.e2e;

import com.acme.orders.testkit.HttpJson;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Clients placing orders against the command app and confirming every {@code confirmEvery}th one, until
 * {@code orders} are placed or the load is closed, remembering every answer: which writes were acknowledged (at which version) and
 * which requests failed.
 */
final class CommandLoad implements AutoCloseable {

    /**
     * A request that did not get a 2xx: its status (-1 when no response came at all), what came back, its
     * {@code Retry-After} header (empty when none) and how long the answer took.
     */
    record Failure(String request, int status, String body, String retryAfter, Duration took) {
    }

    private final HttpJson commands;
    private final int orders;
    private final int confirmEvery;
    private final Duration pause;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger tickets = new AtomicInteger();
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final ExecutorService clients;
    private final List<Future<?>> work = new ArrayList<>();

    private CommandLoad(HttpJson commands, int clients, int orders, int confirmEvery, Duration pause) {
        this.commands = commands;
        this.orders = orders;
        this.confirmEvery = confirmEvery;
        this.pause = pause;
        this.clients = Executors.newFixedThreadPool(clients);
        for (int client = 0; client < clients; client++) {
            work.add(this.clients.submit(() -> {
                client();
                return null;
            }));
        }
    }

    /** As fast as {@code clients} can go, until {@code orders} are placed. */
    static CommandLoad start(HttpJson commands, int clients, int orders, int confirmEvery) {
        return new CommandLoad(commands, clients, orders, confirmEvery, Duration.ZERO);
    }

    /** Each client waits {@code pause} after each order, until the load is closed; every other order is confirmed. */
    static CommandLoad paced(HttpJson commands, int clients, Duration pause) {
        return new CommandLoad(commands, clients, Integer.MAX_VALUE, 2, pause);
    }

    /** Orders placed (201). */
    long placed() {
        return placed.get();
    }

    /** Events the acknowledged writes stored: one per placed order and one per confirmation. */
    long events() {
        return placed.get() + confirmed.get();
    }

    /** The version each acknowledged order had in the last answer about it, by order id. */
    Map<Long, Long> acknowledged() {
        return new TreeMap<>(acknowledged);
    }

    List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Waits until every order is placed (or the load was closed) and every client stopped. */
    void await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> client : work) {
            long left = deadline - System.nanoTime();
            try {
                client.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the load did not finish within " + timeout.toSeconds() + " s; placed "
                        + placed() + " of " + orders);
            }
        }
    }

    /** Stops the clients after their current request. */
    @Override
    public void close() throws Exception {
        running.set(false);
        await(Duration.ofSeconds(60));
        clients.shutdown();
    }

    private void client() throws InterruptedException {
        while (running.get()) {
            int ticket = tickets.getAndIncrement();
            if (ticket >= orders) {
                return;
            }
            HttpJson.Response created = send("POST /orders", () ->
                    commands.post("/orders", E2eOrders.order(1 + ticket % 50, "3.50", 1 + ticket % 3)));
            if (created != null) {
                placed.incrementAndGet();
                long id = Long.parseLong(created.field("id"));
                acknowledged.put(id, 1L);
                if (ticket % confirmEvery == 0) {
                    HttpJson.Response confirmation = send("PUT /orders/" + id + "/status",
                            () -> commands.put("/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}"));
                    if (confirmation != null) {
                        confirmed.incrementAndGet();
                        acknowledged.put(id, Long.parseLong(confirmation.field("version")));
                    }
                }
            }
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
        }
    }

    /** The response if it was a 2xx; otherwise records the failure and returns null. */
    private HttpJson.Response send(String request, Supplier<HttpJson.Response> exchange) {
        HttpJson.Response response;
        long started = System.nanoTime();
        try {
            response = exchange.get();
        } catch (UncheckedIOException | IllegalStateException e) {
            fail(new Failure(request, -1, e.toString(), "", Duration.ofNanos(System.nanoTime() - started)));
            return null;
        }
        if (response.status() / 100 != 2) {
            fail(new Failure(request, response.status(), response.text(), response.header("Retry-After").orElse(""),
                    Duration.ofNanos(System.nanoTime() - started)));
            return null;
        }
        return response;
    }

    private void fail(Failure failure) {
        synchronized (failures) {
            failures.add(failure);
        }
    }
}
