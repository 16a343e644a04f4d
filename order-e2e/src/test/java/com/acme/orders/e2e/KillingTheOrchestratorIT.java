package com.acme.orders.e2e;

import com.acme.orders.localrun.LocalRunner;
import com.acme.orders.localrun.ProcessSpec;
import com.acme.orders.localrun.Readiness;
import com.acme.orders.localrun.RunSettings;
import com.acme.orders.localrun.Supervisor;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command app — the saga orchestrator — killed with SIGKILL while 1,000 sagas are under way, with the real
 * inventory and payment services as processes: after the supervisor restarted it, every saga finishes, every
 * confirmed order holds exactly one reservation and one authorisation, and no cancelled order holds either.
 */
class KillingTheOrchestratorIT {

    private static final Path HOME = Path.of(System.getProperty("orders.home", ".."));
    private static final int ORDERS = 1_000;
    private static final int STOCK = 600;
    private static final String SKU = "SKU-KILL";

    private final List<TestDatabase> databases = new ArrayList<>();
    private Supervisor supervisor;
    private RunSettings settings;
    private TestDatabase inventoryDatabase;
    private TestDatabase paymentDatabase;
    private int inventoryPort;

    @BeforeEach
    void start() throws Exception {
        TestDatabase write = reserve("kill_write");
        TestDatabase read = reserve("kill_read");
        inventoryDatabase = reserve("kill_inventory");
        paymentDatabase = reserve("kill_payments");
        Path dir = Files.createTempDirectory("kill-");
        settings = new RunSettings(HOME, FreePorts.next(), FreePorts.next(), dir.resolve("kafka"), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), write.jdbcUrl(), read.jdbcUrl(), write.user(), write.password(),
                "-XX:+UseSerialGC -Xmx256m", dir.resolve("logs"));
        inventoryPort = FreePorts.next();
        int paymentPort = FreePorts.next();
        supervisor = new Supervisor(System.out, false);
        supervisor.startStage(List.of(LocalRunner.kafka(settings)), Duration.ofSeconds(60));
        ProcessSpec command = LocalRunner.commandApp(settings);
        Map<String, String> commandEnv = new HashMap<>(command.env());
        commandEnv.put("COMMAND_API_TOKEN", "");
        commandEnv.put("SAGAS_ENABLED", "true");
        // Long enough that no saga times out on a busy machine: this test is about the crash, not the timeout.
        commandEnv.put("SAGA_STEP_TIMEOUT", "5m");
        // All 1,000 in flight at once, as before the bound existed: the kill should meet as many as it can.
        commandEnv.put("SAGA_MAX_IN_FLIGHT", "0");
        supervisor.startStage(List.of(
                new ProcessSpec("command", command.command(), commandEnv, command.readiness(), command.logFile()),
                participant("inventory", inventoryPort, Map.of("INVENTORY_HTTP_PORT", Integer.toString(inventoryPort),
                        "INVENTORY_DB_URL", inventoryDatabase.jdbcUrl())),
                participant("payment", paymentPort, Map.of("PAYMENT_HTTP_PORT", Integer.toString(paymentPort),
                        "PAYMENT_DB_URL", paymentDatabase.jdbcUrl()))), Duration.ofSeconds(120));
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
        databases.forEach(TestDatabase::close);
    }

    @Test
    void after_a_kill_mid_flight_every_saga_finishes_holding_exactly_what_its_outcome_needs() throws Exception {
        assertThat(HttpJson.local(inventoryPort).put("/stock/" + SKU, "{\"available\": " + STOCK + "}").status())
                .isEqualTo(200);
        HttpJson commands = new HttpJson(settings.commandUrl());
        placeOrders(commands);
        Await.until(() -> count(write(), "SELECT count(*) FROM sagas WHERE step IN ('CONFIRMED', 'CANCELLED')") >= 100,
                Duration.ofMinutes(2));

        long killedPid = supervisor.process("command").process().orElseThrow().pid();
        supervisor.process("command").process().orElseThrow().toHandle().destroyForcibly();
        long finishedWhenKilled = count(write(), "SELECT count(*) FROM sagas WHERE step IN ('CONFIRMED', 'CANCELLED')");

        Await.until(() -> count(write(), "SELECT count(*) FROM sagas WHERE step IN ('CONFIRMED', 'CANCELLED')") == ORDERS,
                Duration.ofMinutes(5));
        assertThat(finishedWhenKilled).as("killed mid-flight").isLessThan(ORDERS);
        assertThat(supervisor.process("command").process().orElseThrow().pid()).as("restarted").isNotEqualTo(killedPid);
        List<Long> confirmed = longs(write(), "SELECT id FROM orders WHERE status = 'CONFIRMED' ORDER BY id");
        List<Long> cancelled = longs(write(), "SELECT id FROM orders WHERE status = 'CANCELLED' ORDER BY id");
        assertThat(confirmed).hasSize(STOCK);
        assertThat(cancelled).hasSize(ORDERS - STOCK);
        assertThat(longs(inventory(), "SELECT order_id FROM reservations WHERE status = 'RESERVED' ORDER BY order_id"))
                .as("one reservation per confirmed order, none for a cancelled one").isEqualTo(confirmed);
        assertThat(count(inventory(), "SELECT count(*) FROM reservation_lines l JOIN reservations r USING (order_id)"
                + " WHERE r.status = 'RESERVED' AND l.quantity = 1")).isEqualTo(STOCK);
        assertThat(count(inventory(), "SELECT available FROM stock WHERE product_id = '" + SKU + "'")).isZero();
        assertThat(count(inventory(), "SELECT reserved FROM stock WHERE product_id = '" + SKU + "'")).isEqualTo(STOCK);
        assertThat(longs(payments(), "SELECT order_id FROM payments WHERE status = 'AUTHORIZED' ORDER BY order_id"))
                .as("one authorisation per confirmed order, none for a cancelled one").isEqualTo(confirmed);
        assertThat(count(payments(), "SELECT count(*) FROM payment_operations WHERE operation = 'AUTHORIZE'"
                + " AND outcome = 'AUTHORIZED'")).isEqualTo(STOCK);
    }

    private void placeOrders(HttpJson commands) throws Exception {
        String order = """
                {"userId": 7, "items": [{"productId": "%s", "quantity": 1, "unitPrice": 1.00}],
                 "shippingAddress": "1 Kill Lane"}""".formatted(SKU);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                statuses.add(clients.submit(() -> commands.post("/orders", order).status()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            clients.shutdown();
        }
    }

    private ProcessSpec participant(String name, int port, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(own);
        env.put("DB_USER", settings.dbUser());
        env.put("DB_PASSWORD", settings.dbPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("ADMIN_API_TOKEN", "");
        String module = name + "-service";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", HOME.resolve(module).resolve("target").resolve(module + ".jar")
                        .toString());
        return new ProcessSpec(name, command, env, Readiness.http("http://localhost:" + port + "/ready"),
                settings.logDir().resolve(name + ".log"));
    }

    private TestDatabase reserve(String purpose) {
        TestDatabase database = TestDatabase.reserveName(purpose);
        databases.add(database);
        return database;
    }

    private Jdbi write() {
        return Jdbi.create(settings.writeDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    private Jdbi inventory() {
        return Jdbi.create(inventoryDatabase.jdbcUrl(), settings.dbUser(), settings.dbPassword());
    }

    private Jdbi payments() {
        return Jdbi.create(paymentDatabase.jdbcUrl(), settings.dbUser(), settings.dbPassword());
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<Long> longs(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).list());
    }
}
