package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static com.acme.orders.command.RunningSagas.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With sagas enabled, placing an order reserves its stock and authorises its payment through the real
 * inventory and payment services, or undoes what it did and cancels the order with a reason.
 */
@ExtendWith(SharedKafka.class)
class PlacingAnOrderRunsItsSagaTest {

    private static final Duration SAGA = Duration.ofSeconds(30);

    private static RunningSagas system;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        system = RunningSagas.start(kafka);
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void an_order_with_stock_and_an_acceptable_total_is_confirmed_with_its_stock_reserved_and_payment_authorised()
            throws Exception {
        String sku = newSku();

        long id = place(orderJson(42, item(sku, 2, "19.99")));

        awaitStatus(id, "CONFIRMED");
        assertThat(stock(sku).get("reserved").asInt()).isEqualTo(2);
        JsonNode payments = payments(id);
        assertThat(payments.get("status").asText()).isEqualTo("AUTHORIZED");
        JsonNode saga = system.orders.http.get("/orders/" + id + "/saga").json();
        assertThat(saga.get("step").asText()).isEqualTo("CONFIRMED");
        assertThat(saga.get("steps")).extracting(step -> step.get("cause").asText())
                .containsExactly("order placed", "StockReserved", "PaymentAuthorized");
    }

    @Test
    void an_order_for_more_than_is_in_stock_is_cancelled_naming_the_product_and_nothing_is_charged() throws Exception {
        String sku = newSku();
        setStock(sku, 1);

        long id = place(orderJson(42, item(sku, 2, "19.99")));

        awaitStatus(id, "CANCELLED");
        assertThat(cancellationEvent(id)).contains("out of stock: " + sku);
        assertThat(stock(sku).get("available").asInt()).isEqualTo(1);
        assertThat(stock(sku).get("reserved").asInt()).isZero();
        assertThat(payments(id).get("operations")).isEmpty();
        assertThat(system.orders.http.get("/orders/" + id + "/saga").json().get("cancellationReason").asText())
                .isEqualTo("out of stock: " + sku);
    }

    @Test
    void a_declined_payment_releases_the_reserved_stock_and_cancels_the_order() throws Exception {
        String sku = newSku();
        setStock(sku, 10);

        long id = place(orderJson(42, item(sku, 2, "300.00")));

        awaitStatus(id, "CANCELLED");
        assertThat(cancellationEvent(id)).contains("payment declined");
        await("the reservation is released", SAGA, () -> stock(sku).get("reserved").asInt() == 0);
        assertThat(stock(sku).get("available").asInt()).isEqualTo(10);
        assertThat(payments(id).get("status").asText()).isEqualTo("DECLINED");
        await("the saga is cancelled", SAGA, () -> "CANCELLED".equals(
                system.orders.http.get("/orders/" + id + "/saga").json().get("step").asText()));
    }

    @Test
    void confirming_an_order_by_hand_is_refused_while_sagas_are_enabled() {
        long id = place(orderJson(42, item(newSku(), 1, "1.00")));

        HttpJson.Response response = system.orders.http.put("/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).endsWith("/confirmed-by-saga");
    }

    @Test
    void a_customer_cancelling_a_confirmed_order_gets_the_stock_back_and_the_payment_voided() throws Exception {
        String sku = newSku();
        setStock(sku, 5);
        long id = place(orderJson(42, item(sku, 3, "10.00")));
        awaitStatus(id, "CONFIRMED");

        HttpJson.Response cancel = system.orders.http.put("/orders/" + id + "/status", "{\"status\": \"CANCELLED\"}");

        assertThat(cancel.status()).isEqualTo(200);
        await("the stock is released", SAGA, () -> stock(sku).get("reserved").asInt() == 0);
        assertThat(stock(sku).get("available").asInt()).isEqualTo(5);
        await("the payment is voided", SAGA, () -> "VOIDED".equals(payments(id).get("status").asText()));
        await("the saga is cancelled", SAGA, () -> "CANCELLED".equals(
                system.orders.http.get("/orders/" + id + "/saga").json().get("step").asText()));
    }

    @Test
    void a_payment_service_silent_past_the_step_timeout_cancels_the_order_and_its_late_answer_is_undone()
            throws Exception {
        String sku = newSku();
        setStock(sku, 4);
        system.stopPayment();
        long id;
        try {
            id = place(orderJson(42, item(sku, 1, "25.00")));

            awaitStatus(id, "CANCELLED");
            assertThat(cancellationEvent(id))
                    .contains("payment-service did not answer within " + RunningSagas.STEP_TIMEOUT.toSeconds() + "s");
            await("the reservation is released", SAGA, () -> stock(sku).get("reserved").asInt() == 0);
        } finally {
            system.startPayment();
        }

        await("nothing stays authorised once the payment service is back", SAGA, () -> {
            JsonNode payments = payments(id);
            return payments.get("operations").size() >= 2 && !"AUTHORIZED".equals(payments.get("status").asText());
        });
        assertThat(stock(sku).get("available").asInt()).isEqualTo(4);
        await("the saga ends cancelled", SAGA, () -> system.orders.count(
                "SELECT count(*) FROM sagas WHERE order_id = " + id + " AND step = 'CANCELLED'") == 1);
    }

    @Test
    void a_reply_delivered_twice_changes_nothing_the_second_time() throws Exception {
        String sku = newSku();
        long id = place(orderJson(42, item(sku, 1, "5.00")));
        awaitStatus(id, "CONFIRMED");
        long sagaVersion = system.orders.count("SELECT version FROM sagas WHERE order_id = " + id);
        long orderVersion = system.orders.count("SELECT version FROM orders WHERE id = " + id);
        List<String> replyTopics = List.of(system.orders.config.sagas().topics().inventoryReplies(),
                system.orders.config.sagas().topics().paymentReplies());

        int redelivered = SagaRecords.copyRecordsOfOrder(system.orders.config.relay().bootstrapServers(), replyTopics, id);

        assertThat(redelivered).isEqualTo(2);
        await("both copies were consumed", SAGA, () -> metric("saga_replies_duplicate_total", "") >= 2);
        assertThat(system.orders.count("SELECT version FROM sagas WHERE order_id = " + id)).isEqualTo(sagaVersion);
        assertThat(system.orders.count("SELECT version FROM orders WHERE id = " + id)).isEqualTo(orderVersion);
        assertThat(stock(sku).get("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void a_hundred_concurrent_orders_for_ten_units_confirm_exactly_ten_and_charge_no_other() throws Exception {
        String sku = newSku();
        setStock(sku, 10);
        double cancelledBefore = metric("sagas_cancelled_total", "");
        double confirmedBefore = metric("sagas_confirmed_total", "");
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<Long>> placed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            placed.add(clients.submit(() -> place(orderJson(42, item(sku, 1, "2.50")))));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<Long> order : placed) {
            ids.add(order.get());
        }
        clients.shutdown();
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));

        await("every saga ends", Duration.ofSeconds(90), () -> system.orders.count(
                "SELECT count(*) FROM sagas WHERE order_id IN (" + idList + ") AND step IN ('CONFIRMED', 'CANCELLED')") == 100);

        assertThat(system.orders.count("SELECT count(*) FROM orders WHERE id IN (" + idList + ") AND status = 'CONFIRMED'"))
                .isEqualTo(10);
        assertThat(system.orders.count("SELECT count(*) FROM orders WHERE id IN (" + idList + ") AND status = 'CANCELLED'"))
                .isEqualTo(90);
        assertThat(stock(sku).get("available").asInt()).isZero();
        assertThat(stock(sku).get("reserved").asInt()).isEqualTo(10);
        List<String> confirmed = system.orders.strings("SELECT id::text FROM orders WHERE id IN (" + idList
                + ") AND status = 'CONFIRMED'");
        for (long id : ids) {
            JsonNode payments = payments(id);
            if (confirmed.contains(Long.toString(id))) {
                assertThat(payments.get("status").asText()).as("order %d", id).isEqualTo("AUTHORIZED");
            } else {
                assertThat(payments.get("operations")).as("order %d is charged nothing", id).isEmpty();
            }
        }
        assertThat(metric("sagas_cancelled_total", "") - cancelledBefore).isEqualTo(90);
        assertThat(metric("sagas_confirmed_total", "") - confirmedBefore).isEqualTo(10);
    }

    private static long place(String json) {
        HttpJson.Response created = system.orders.http.post("/orders", json);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).as("the saga runs after 201 Created").isEqualTo("PENDING");
        return created.json().get("id").asLong();
    }

    private static void awaitStatus(long id, String status) throws InterruptedException {
        await("order " + id + " becomes " + status, SAGA, () -> system.orders.strings(
                "SELECT status FROM orders WHERE id = " + id).equals(List.of(status)));
    }

    /** The payload of the order's OrderCancelled event. */
    private static String cancellationEvent(long id) {
        List<String> payloads = system.orders.strings("SELECT payload::text FROM order_events WHERE order_id = " + id
                + " AND type = 'OrderCancelled'");
        assertThat(payloads).hasSize(1);
        return payloads.get(0);
    }

    private static void setStock(String sku, int available) {
        HttpJson.Response response = system.inventoryHttp().put("/stock/" + sku, "{\"available\": " + available + "}");
        assertThat(response.status()).isEqualTo(200);
    }

    private static JsonNode stock(String sku) {
        return system.inventoryHttp().get("/stock/" + sku).json();
    }

    private static JsonNode payments(long id) {
        return system.paymentHttp().get("/payments?orderId=" + id).json();
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    private static double metric(String name, String label) {
        double sum = 0;
        for (String line : system.orders.http.get("/metrics").text().split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String newSku() {
        return "SKU-" + UUID.randomUUID();
    }
}
