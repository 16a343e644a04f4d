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
        // Long: no step times out here, however busy the machine (TimingOutASagaTest is about timeouts).
        system = RunningSagas.start(kafka, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void an_order_with_stock_and_an_acceptable_total_is_confirmed_with_its_stock_reserved_and_payment_authorised()
            throws Exception {
        String sku = system.newSku();

        long id = system.place(orderJson(42, item(sku, 2, "19.99")));

        system.awaitStatus(id, "CONFIRMED", SAGA);
        assertThat(system.stock(sku).get("reserved").asInt()).isEqualTo(2);
        JsonNode payments = system.payments(id);
        assertThat(payments.get("status").asText()).isEqualTo("AUTHORIZED");
        JsonNode saga = system.orders.http.get("/orders/" + id + "/saga").json();
        assertThat(saga.get("step").asText()).isEqualTo("CONFIRMED");
        assertThat(saga.get("steps")).extracting(step -> step.get("cause").asText())
                .containsExactly("order placed", "StockReserved", "PaymentAuthorized");
    }

    @Test
    void an_order_for_more_than_is_in_stock_is_cancelled_naming_the_product_and_nothing_is_charged() throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 1);

        long id = system.place(orderJson(42, item(sku, 2, "19.99")));

        system.awaitStatus(id, "CANCELLED", SAGA);
        assertThat(system.cancellationEvent(id)).contains("out of stock: " + sku);
        assertThat(system.stock(sku).get("available").asInt()).isEqualTo(1);
        assertThat(system.stock(sku).get("reserved").asInt()).isZero();
        assertThat(system.payments(id).get("operations")).isEmpty();
        assertThat(system.orders.http.get("/orders/" + id + "/saga").json().get("cancellationReason").asText())
                .isEqualTo("out of stock: " + sku);
    }

    @Test
    void a_declined_payment_releases_the_reserved_stock_and_cancels_the_order() throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 10);

        long id = system.place(orderJson(42, item(sku, 2, "300.00")));

        system.awaitStatus(id, "CANCELLED", SAGA);
        assertThat(system.cancellationEvent(id)).contains("payment declined");
        await("the reservation is released", SAGA, () -> system.stock(sku).get("reserved").asInt() == 0);
        assertThat(system.stock(sku).get("available").asInt()).isEqualTo(10);
        assertThat(system.payments(id).get("status").asText()).isEqualTo("DECLINED");
        await("the saga is cancelled", SAGA, () -> "CANCELLED".equals(
                system.orders.http.get("/orders/" + id + "/saga").json().get("step").asText()));
    }

    @Test
    void confirming_an_order_by_hand_is_refused_while_sagas_are_enabled() {
        long id = system.place(orderJson(42, item(system.newSku(), 1, "1.00")));

        HttpJson.Response response = system.orders.http.put("/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).endsWith("/confirmed-by-saga");
    }

    @Test
    void a_customer_cancelling_a_confirmed_order_gets_the_stock_back_and_the_payment_voided() throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 5);
        long id = system.place(orderJson(42, item(sku, 3, "10.00")));
        system.awaitStatus(id, "CONFIRMED", SAGA);

        HttpJson.Response cancel = system.orders.http.put("/orders/" + id + "/status", "{\"status\": \"CANCELLED\"}");

        assertThat(cancel.status()).isEqualTo(200);
        await("the stock is released", SAGA, () -> system.stock(sku).get("reserved").asInt() == 0);
        assertThat(system.stock(sku).get("available").asInt()).isEqualTo(5);
        await("the payment is voided", SAGA, () -> "VOIDED".equals(system.payments(id).get("status").asText()));
        await("the saga is cancelled", SAGA, () -> "CANCELLED".equals(
                system.orders.http.get("/orders/" + id + "/saga").json().get("step").asText()));
    }

    @Test
    void a_reply_delivered_twice_changes_nothing_the_second_time() throws Exception {
        String sku = system.newSku();
        long id = system.place(orderJson(42, item(sku, 1, "5.00")));
        system.awaitStatus(id, "CONFIRMED", SAGA);
        long sagaVersion = system.orders.count("SELECT version FROM sagas WHERE order_id = " + id);
        long orderVersion = system.orders.count("SELECT version FROM orders WHERE id = " + id);
        List<String> replyTopics = List.of(system.orders.config.sagas().topics().inventoryReplies(),
                system.orders.config.sagas().topics().paymentReplies());

        int redelivered = SagaRecords.copyRecordsOfOrder(system.orders.config.relay().bootstrapServers(), replyTopics, id);

        assertThat(redelivered).isEqualTo(2);
        await("both copies were consumed", SAGA, () -> system.metric("saga_replies_duplicate_total", "") >= 2);
        assertThat(system.orders.count("SELECT version FROM sagas WHERE order_id = " + id)).isEqualTo(sagaVersion);
        assertThat(system.orders.count("SELECT version FROM orders WHERE id = " + id)).isEqualTo(orderVersion);
        assertThat(system.stock(sku).get("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void a_hundred_concurrent_orders_for_ten_units_confirm_exactly_ten_and_charge_no_other() throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 10);
        double cancelledBefore = system.metric("sagas_cancelled_total", "");
        double confirmedBefore = system.metric("sagas_confirmed_total", "");
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<Long>> placed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            placed.add(clients.submit(() -> system.place(orderJson(42, item(sku, 1, "2.50")))));
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
        assertThat(system.stock(sku).get("available").asInt()).isZero();
        assertThat(system.stock(sku).get("reserved").asInt()).isEqualTo(10);
        List<String> confirmed = system.orders.strings("SELECT id::text FROM orders WHERE id IN (" + idList
                + ") AND status = 'CONFIRMED'");
        for (long id : ids) {
            JsonNode payments = system.payments(id);
            if (confirmed.contains(Long.toString(id))) {
                assertThat(payments.get("status").asText()).as("order %d", id).isEqualTo("AUTHORIZED");
            } else {
                assertThat(payments.get("operations")).as("order %d is charged nothing", id).isEmpty();
            }
        }
        assertThat(system.metric("sagas_cancelled_total", "") - cancelledBefore).isEqualTo(90);
        assertThat(system.metric("sagas_confirmed_total", "") - confirmedBefore).isEqualTo(10);
    }
}
