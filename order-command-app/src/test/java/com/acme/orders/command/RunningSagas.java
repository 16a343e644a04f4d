package com.acme.orders.command;

import com.acme.orders.inventory.InventoryApp;
import com.acme.orders.inventory.InventoryConfig;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.payment.PaymentApp;
import com.acme.orders.payment.PaymentConfig;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.acme.orders.testkit.TestDatabase;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command app with sagas enabled and the two real participants (inventory and payment services) in this JVM,
 * each over its own fresh database, on topics of their own on the shared broker.
 */
final class RunningSagas implements AutoCloseable {

    /** Authorisations above this are declined by the payment service. */
    static final String PAYMENT_LIMIT = "500.00";

    RunningCommandApp orders;
    final TestDatabase inventoryDatabase;
    final TestDatabase paymentDatabase;
    final InventoryConfig inventoryConfig;
    final PaymentConfig paymentConfig;
    InventoryApp inventory;
    PaymentApp payment;

    final Duration stepTimeout;

    private RunningSagas(LocalKafkaBroker kafka, Duration stepTimeout, Map<String, String> commandOverrides) {
        this.stepTimeout = stepTimeout;
        String suffix = Long.toString(System.nanoTime());
        Map<String, String> topics = Map.of(
                "INVENTORY_COMMANDS_TOPIC", "inventory-commands-" + suffix,
                "INVENTORY_REPLIES_TOPIC", "inventory-replies-" + suffix,
                "PAYMENT_COMMANDS_TOPIC", "payment-commands-" + suffix,
                "PAYMENT_REPLIES_TOPIC", "payment-replies-" + suffix);
        Map<String, String> command = new HashMap<>(topics);
        command.put("SAGAS_ENABLED", "true");
        command.put("SAGA_STEP_TIMEOUT", stepTimeout.toMillis() + "ms");
        command.put("SAGA_TIMEOUT_POLL", "200ms");
        command.put("SAGA_CONSUMER_GROUP", "order-saga-" + suffix);
        command.putAll(commandOverrides);
        orders = RunningCommandApp.start(kafka, command);

        inventoryDatabase = TestDatabase.create("inventory");
        Map<String, String> inventoryEnv = participantEnv(kafka, inventoryDatabase, topics);
        inventoryEnv.put("INVENTORY_HTTP_PORT", "0");
        inventoryEnv.put("INVENTORY_DB_URL", inventoryDatabase.jdbcUrl());
        inventoryEnv.put("INVENTORY_CONSUMER_GROUP", "inventory-" + suffix);
        inventoryConfig = InventoryConfig.fromEnv(new Env(inventoryEnv));
        inventory = InventoryApp.start(inventoryConfig, Clock.systemUTC());

        paymentDatabase = TestDatabase.create("payments");
        Map<String, String> paymentEnv = participantEnv(kafka, paymentDatabase, topics);
        paymentEnv.put("PAYMENT_HTTP_PORT", "0");
        paymentEnv.put("PAYMENT_DB_URL", paymentDatabase.jdbcUrl());
        paymentEnv.put("PAYMENT_CONSUMER_GROUP", "payment-" + suffix);
        paymentEnv.put("PAYMENT_LIMIT", PAYMENT_LIMIT);
        paymentConfig = PaymentConfig.fromEnv(new Env(paymentEnv));
        payment = PaymentApp.start(paymentConfig, Clock.systemUTC());
    }

    /** @param stepTimeout how long each participant has to answer a step */
    static RunningSagas start(LocalKafkaBroker kafka, Duration stepTimeout) {
        return new RunningSagas(kafka, stepTimeout, Map.of());
    }

    /** @param commandOverrides environment variables of the command app that replace the test's */
    static RunningSagas start(LocalKafkaBroker kafka, Duration stepTimeout, Map<String, String> commandOverrides) {
        return new RunningSagas(kafka, stepTimeout, commandOverrides);
    }

    private static Map<String, String> participantEnv(LocalKafkaBroker kafka, TestDatabase database,
                                                      Map<String, String> topics) {
        Map<String, String> env = new HashMap<>(topics);
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTBOX_POLL_INTERVAL", "50ms");
        env.put("KAFKA_MAX_BACKOFF", "500ms");
        return env;
    }

    HttpJson inventoryHttp() {
        return HttpJson.local(inventory.port());
    }

    HttpJson paymentHttp() {
        return HttpJson.local(payment.port());
    }

    void stopInventory() {
        inventory.close();
    }

    void startInventory() {
        inventory = InventoryApp.start(inventoryConfig, Clock.systemUTC());
    }

    /** The command app stopped and started again over its database: what it must remember is stored there. */
    void restartOrders() {
        orders = orders.restarted();
    }

    void stopPayment() {
        payment.close();
    }

    void startPayment() {
        payment = PaymentApp.start(paymentConfig, Clock.systemUTC());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** POSTs an order and returns its id; the answer is 201 with a PENDING order, the saga runs after. */
    long place(String json) {
        HttpJson.Response created = orders.http.post("/orders", json);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).as("the saga runs after 201 Created").isEqualTo("PENDING");
        return created.json().get("id").asLong();
    }

    void awaitStatus(long id, String status, Duration timeout) throws InterruptedException {
        await("order " + id + " becomes " + status, timeout, () -> orders.strings(
                "SELECT status FROM orders WHERE id = " + id).equals(List.of(status)));
    }

    /** The payload of the order's OrderCancelled event. */
    String cancellationEvent(long id) {
        List<String> payloads = orders.strings("SELECT payload::text FROM order_events WHERE order_id = " + id
                + " AND type = 'OrderCancelled'");
        assertThat(payloads).hasSize(1);
        return payloads.get(0);
    }

    void setStock(String sku, int available) {
        HttpJson.Response response = inventoryHttp().put("/stock/" + sku, "{\"available\": " + available + "}");
        assertThat(response.status()).isEqualTo(200);
    }

    JsonNode stock(String sku) {
        return inventoryHttp().get("/stock/" + sku).json();
    }

    JsonNode payments(long id) {
        return paymentHttp().get("/payments?orderId=" + id).json();
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    double metric(String name, String label) {
        double sum = 0;
        for (String line : orders.http.get("/metrics").text().split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    String newSku() {
        return "SKU-" + UUID.randomUUID();
    }

    @Override
    public void close() {
        payment.close();
        inventory.close();
        orders.close();
        paymentDatabase.close();
        inventoryDatabase.close();
    }
}
