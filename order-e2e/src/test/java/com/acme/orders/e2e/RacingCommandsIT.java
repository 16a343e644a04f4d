package com.acme.orders.e2e;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.acme.orders.e2e.E2eOrders.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 status updates and deletes racing on one order, in five rounds of 20 released at once, every request of a
 * round carrying the version current when the round starts in {@code If-Match}. Exactly one request of a round
 * may win; every other one is refused, with 412 whenever it would otherwise have been allowed; the event store
 * holds a linear history, one version per winner, in the order the rounds ran.
 */
class RacingCommandsIT {

    private static final int ROUNDS = 5;
    private static final int RACERS = 20;

    /** One racing request: a status to move to, or null for a DELETE. */
    private record Attempt(OrderStatus status) {

        boolean allowedIn(OrderStatus current) {
            return status == null ? current.isDeletable() : current.canChangeTo(status);
        }

        HttpJson.Response send(HttpJson commands, String id, long ifMatch) {
            String version = "\"" + ifMatch + "\"";
            return status == null ? commands.delete("/orders/" + id, "If-Match", version)
                    : commands.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}", "If-Match", version);
        }
    }

    private RunningProcesses system;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void racing_updates_and_deletes_leave_a_linear_history_and_every_stale_if_match_is_refused() throws Exception {
        String id = system.commands.post("/orders", order(9, "12.50", 2)).field("id");
        long version = 1;
        OrderStatus status = OrderStatus.PENDING;
        boolean deleted = false;
        List<String> history = new ArrayList<>(List.of("OrderCreated"));
        ExecutorService racers = Executors.newFixedThreadPool(RACERS);
        for (int round = 0; round < ROUNDS; round++) {
            List<Attempt> attempts = attempts(status);
            List<HttpJson.Response> responses = race(racers, attempts, id, version);
            List<Integer> statuses = responses.stream().map(HttpJson.Response::status).toList();
            if (deleted) {
                assertThat(statuses).as("round %d, on the deleted order", round).containsOnly(410);
                continue;
            }
            List<Integer> won = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                if (statuses.get(i) / 100 == 2) {
                    won.add(i);
                }
            }
            assertThat(won).as("round %d: winners among %s", round, statuses).hasSize(1);
            Attempt winner = attempts.get(won.get(0));
            HttpJson.Response winning = responses.get(won.get(0));
            assertThat(Long.parseLong(winning.field("version"))).isEqualTo(version + 1);
            assertThat(winning.header("ETag")).contains("\"" + (version + 1) + "\"");
            deleted = winner.status() == null;
            for (int i = 0; i < RACERS; i++) {
                if (i == won.get(0)) {
                    continue;
                }
                if (attempts.get(i).allowedIn(status)) {
                    assertThat(statuses.get(i)).as("round %d: an allowed request with a stale If-Match", round)
                            .isIn(deleted ? List.of(410, 412) : List.of(412));
                } else {
                    assertThat(statuses.get(i)).as("round %d: a request not allowed in %s", round, status)
                            .isIn(409, 410, 412);
                }
            }
            version++;
            history.add(deleted ? "OrderDeleted" : "OrderStatusUpdated " + winner.status());
            status = deleted ? status : winner.status();
        }
        racers.shutdown();

        assertThat(storedHistory(id)).as("the event store, by version").isEqualTo(history);
        String current = id + " v" + version + " ";
        assertThat(system.writeModel()).hasSize(1).allMatch(row -> row.startsWith(current));
        system.awaitReadModelEqualsWriteModel(Duration.ofSeconds(30));
    }

    /**
     * For each racer of a round: mostly the next status on the happy path, some cancels, some deletes; only deletes
     * once the order is final. Never the status it has, which would be a harmless no-op and win alongside.
     */
    private static List<Attempt> attempts(OrderStatus current) {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            if (current.isFinal() || i % 5 == 0) {
                attempts.add(new Attempt(null));
            } else {
                attempts.add(new Attempt(i % 5 == 1 ? OrderStatus.CANCELLED : next(current)));
            }
        }
        return attempts;
    }

    private static OrderStatus next(OrderStatus current) {
        return switch (current) {
            case PENDING -> OrderStatus.CONFIRMED;
            case CONFIRMED -> OrderStatus.PROCESSING;
            case PROCESSING -> OrderStatus.SHIPPED;
            case SHIPPED -> OrderStatus.DELIVERED;
            case DELIVERED, CANCELLED -> throw new IllegalArgumentException(current + " is final");
        };
    }

    /** Sends every attempt at once (released together) with {@code If-Match: "version"}; responses in order. */
    private List<HttpJson.Response> race(ExecutorService racers, List<Attempt> attempts, String id, long version)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpJson.Response>> sent = new ArrayList<>();
        for (Attempt attempt : attempts) {
            sent.add(racers.submit(() -> {
                go.await();
                return attempt.send(system.commands, id, version);
            }));
        }
        go.countDown();
        List<HttpJson.Response> responses = new ArrayList<>();
        for (Future<HttpJson.Response> response : sent) {
            responses.add(response.get());
        }
        return responses;
    }

    private List<String> storedHistory(String id) {
        return system.writeJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT type || CASE WHEN type = 'OrderStatusUpdated' THEN ' ' || (payload ->> 'newStatus') ELSE '' END
                        FROM order_events WHERE order_id = :id ORDER BY version""")
                .bind("id", Long.parseLong(id)).mapTo(String.class).list());
    }
}
