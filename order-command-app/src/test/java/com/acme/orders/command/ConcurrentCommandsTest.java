package com.acme.orders.command;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent commands on one order are applied one after the other: a linear history, no lost update. */
@ExtendWith(SharedKafka.class)
class ConcurrentCommandsTest {

    private static final List<String> TARGETS = List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED");

    private static RunningCommandApp app;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void fifty_concurrent_status_updates_give_strictly_increasing_versions_and_no_lost_update() throws Exception {
        long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
        List<Callable<HttpJson.Response>> updates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String target = TARGETS.get(i % TARGETS.size());
            updates.add(() -> app.http.put("/orders/" + id + "/status", "{\"status\": \"" + target + "\"}"));
        }

        List<HttpJson.Response> responses = runConcurrently(updates);

        assertThat(responses).extracting(HttpJson.Response::status).containsOnly(200, 409);
        List<HttpJson.Response> applied = responses.stream().filter(r -> r.status() == 200)
                .sorted(Comparator.comparingLong(r -> r.json().get("version").asLong())).toList();
        List<Long> storedVersions = app.longs("SELECT version FROM order_events WHERE order_id = " + id
                + " ORDER BY position");
        assertThat(storedVersions).as("one event per version, appended in version order")
                .isSorted().doesNotHaveDuplicates().startsWith(1L).hasSize((int) storedVersions.get(storedVersions.size() - 1).longValue());
        long finalVersion = app.count("SELECT version FROM orders WHERE id = " + id);
        assertThat(finalVersion).isEqualTo(storedVersions.get(storedVersions.size() - 1));
        assertThat(applied.stream().mapToLong(r -> r.json().get("version").asLong()).max().orElseThrow())
                .isEqualTo(finalVersion);
        assertLinearHistory(id);
    }

    @Test
    void racing_updates_and_deletes_with_if_match_let_exactly_one_writer_win_per_version() throws Exception {
        long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
        List<Callable<HttpJson.Response>> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            commands.add(i % 3 == 0
                    ? () -> app.http.delete("/orders/" + id, "If-Match", "\"1\"")
                    : () -> app.http.put("/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}", "If-Match", "\"1\""));
        }

        List<HttpJson.Response> responses = runConcurrently(commands);

        long winners = responses.stream().filter(r -> r.status() == 200 && r.json().get("version").asLong() == 2).count();
        assertThat(winners).as("exactly one command moved the order from version 1").isEqualTo(1);
        assertThat(responses).extracting(HttpJson.Response::status).allMatch(s -> s == 200 || s == 412 || s == 410);
        assertThat(app.count("SELECT max(version) FROM order_events WHERE order_id = " + id)).isEqualTo(2);
        assertLinearHistory(id);
    }

    /** Every status event starts where the previous one ended. */
    private static void assertLinearHistory(long id) {
        List<String[]> moves = app.jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT payload->>'oldStatus' AS old_status, payload->>'newStatus' AS new_status
                        FROM order_events WHERE order_id = :id AND type = 'OrderStatusUpdated' ORDER BY version""")
                .bind("id", id).map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list());
        String current = "PENDING";
        for (String[] move : moves) {
            assertThat(move[0]).as("a move starts where the previous ended").isEqualTo(current);
            current = move[1];
        }
        assertThat(app.count("SELECT count(*) FROM orders WHERE id = " + id + " AND status = '" + current + "'"))
                .isEqualTo(1);
    }

    private static List<HttpJson.Response> runConcurrently(List<Callable<HttpJson.Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<HttpJson.Response> responses = new ArrayList<>();
            for (Future<HttpJson.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }
}
