package com.acme.orders.e2e;

import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static com.acme.orders.e2e.E2eOrders.order;
import static com.acme.orders.e2e.E2eOrders.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jars as separate OS processes with a real broker, started by the same supervisor as
 * {@code make run}: a full story through both HTTP APIs, then a projector killed with SIGKILL in the middle
 * of a 5,000-order burst, after which the read model must equal the write model order by order.
 */
class EndToEndOverProcessesIT {

    private RunningProcesses system;
    private HttpJson commands;
    private HttpJson queries;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
        commands = system.commands;
        queries = system.queries;
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_full_story_through_both_apis() throws Exception {
        long late = 7_000_001;
        long other = 7_000_002;
        HttpJson.Response created = commands.post("/orders", order(late, "19.99", 2));
        String a = created.field("id");
        HttpJson.Response fresh = queries.get("/orders/" + a, "Consistency-Token", token(created));
        assertThat(fresh.header("Consistency-Status")).contains("consistent");
        assertThat(fresh.field("userUsername")).as("the user is not known yet").isNull();

        String token = null;
        for (String status : List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED")) {
            token = token(commands.put("/orders/" + a + "/status", "{\"status\": \"" + status + "\"}"));
        }
        String b = commands.post("/orders", order(late, "5.00", 1)).field("id");
        String c = commands.post("/orders", order(other, "10.00", 1)).field("id");
        String d = commands.post("/orders", order(other, "900.00", 3)).field("id");
        HttpJson.Response deleted = commands.delete("/orders/" + b);
        assertThat(queries.get("/orders/" + b, "Consistency-Token", token(deleted)).status()).isEqualTo(410);
        assertThat(queries.get("/orders/" + a, "Consistency-Token", token).field("status")).isEqualTo("DELIVERED");

        system.publishUser(late, "late.arrival");
        Await.until(() -> "late.arrival".equals(queries.get("/orders/" + a).field("userUsername")), Duration.ofSeconds(30));

        assertThat(ids(queries.get("/orders"))).containsExactly(d, c, a);
        assertThat(ids(queries.get("/orders/user/" + late))).containsExactly(a);
        assertThat(ids(queries.get("/orders/status/DELIVERED"))).containsExactly(a);
        assertThat(ids(queries.get("/orders/user/" + other + "/status/PENDING"))).containsExactly(d, c);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(ids(queries.get("/orders/date-range?from=" + today + "&to=" + today))).containsExactly(d, c, a);
        assertThat(ids(queries.get("/orders/search/username?username=LATE"))).containsExactly(a);
        assertThat(ids(queries.get("/orders/amount-greater-than?amount=100"))).containsExactly(d);
        JsonNode statistics = queries.get("/orders/statistics").json();
        assertThat(statistics.get("totalOrders").asLong()).isEqualTo(3);
        assertThat(statistics.at("/countByStatus/DELIVERED").asLong()).isEqualTo(1);
        assertThat(statistics.at("/countByStatus/PENDING").asLong()).isEqualTo(2);
        assertThat(statistics.get("totalAmount").decimalValue()).isEqualByComparingTo("2749.98");

        assertThat(system.logs()).as("the logs, at the level the apps run with, of every process")
                .contains("order-command-app ready").doesNotContain("late.arrival@example.com")
                .doesNotContain("1 Test Lane");
    }

    @Test
    void a_projector_killed_in_the_middle_of_a_burst_catches_up_without_losing_or_doubling_anything()
            throws Exception {
        long killedPid = system.supervisor.process("projector").process().orElseThrow().pid();
        AtomicInteger created = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> burst = new ArrayList<>();
        for (int client = 0; client < 16; client++) {
            int offset = client;
            burst.add(clients.submit(() -> {
                for (int i = offset; i < 5_000; i += 16) {
                    HttpJson.Response response = commands.post("/orders", order(1 + i % 50, "3.50", 1 + i % 3));
                    assertThat(response.status()).isEqualTo(201);
                    if (i % 5 == 0) {
                        commands.put("/orders/" + response.field("id") + "/status", "{\"status\": \"CONFIRMED\"}");
                    }
                    created.incrementAndGet();
                }
                return null;
            }));
        }
        Await.until(() -> created.get() >= 2_000, Duration.ofSeconds(120));
        system.supervisor.process("projector").process().orElseThrow().toHandle().destroyForcibly();
        for (Future<?> client : burst) {
            client.get();
        }
        clients.shutdown();

        system.awaitReadModelEqualsWriteModel(Duration.ofSeconds(120));
        assertThat(system.writeModel()).hasSize(5_000);
        assertThat(system.supervisor.process("projector").process().orElseThrow().pid()).as("restarted").isNotEqualTo(killedPid);
        long versions = system.writeModel().stream().mapToLong(row -> Long.parseLong(row.split(" ")[1].substring(1))).sum();
        assertThat(versions).as("every event applied once: versions add up").isEqualTo(6_000);
    }

    private static List<String> ids(HttpJson.Response list) {
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        return StreamSupport.stream(list.json().get("orders").spliterator(), false)
                .map(order -> order.get("id").asText()).toList();
    }
}
