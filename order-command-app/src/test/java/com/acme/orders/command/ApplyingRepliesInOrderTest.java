package com.acme.orders.command;

import com.acme.orders.events.saga.InventoryReply;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SagaWire;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static com.acme.orders.command.RunningSagas.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator applies the replies of a poll together, and still the replies of one order in the order they
 * arrived: a StockReserved followed by a StockUnavailable for the same order leaves it authorising payment (the
 * second is ignored); the other way round would cancel it.
 */
@ExtendWith(SharedKafka.class)
class ApplyingRepliesInOrderTest {

    private static final int ORDERS = 40;

    @Test
    void the_replies_of_one_order_take_effect_in_the_order_they_arrived_also_when_a_poll_holds_many_orders(
            LocalKafkaBroker kafka) throws Exception {
        RunningCommandApp orders = startWithTopicsOfItsOwn(kafka);
        try {
            orders = repliedToWhileDown(kafka, orders, id -> List.of(
                    new StockReserved(UUID.randomUUID(), id, Instant.now(), UUID.randomUUID()),
                    new StockUnavailable(UUID.randomUUID(), id, Instant.now(), UUID.randomUUID(), List.of("SKU-1"))));

            RunningCommandApp started = orders;
            await("every reply was applied", Duration.ofSeconds(60),
                    () -> started.count("SELECT count(*) FROM inbox") == 2L * ORDERS);
            assertThat(orders.strings("SELECT DISTINCT step FROM sagas")).containsExactly("AUTHORIZING_PAYMENT");
            assertThat(orders.strings("SELECT DISTINCT status FROM orders")).containsExactly("PENDING");
        } finally {
            orders.close();
        }
    }

    @Test
    void a_reply_delivered_twice_within_one_poll_is_applied_once(LocalKafkaBroker kafka) throws Exception {
        RunningCommandApp orders = startWithTopicsOfItsOwn(kafka);
        try {
            orders = repliedToWhileDown(kafka, orders, id -> {
                StockReserved reserved = new StockReserved(UUID.randomUUID(), id, Instant.now(), UUID.randomUUID());
                return List.of(reserved, reserved);
            });

            RunningCommandApp started = orders;
            await("every reply was seen", Duration.ofSeconds(60),
                    () -> started.count("SELECT count(*) FROM inbox") == ORDERS
                            && started.count("SELECT count(*) FROM sagas WHERE step = 'AUTHORIZING_PAYMENT'") == ORDERS);
            // Once each: one step after the start, one AuthorizePayment per order.
            assertThat(orders.count("SELECT count(*) FROM saga_steps")).isEqualTo(2L * ORDERS);
            assertThat(orders.count("SELECT count(*) FROM saga_commands WHERE type = 'AuthorizePayment'"))
                    .isEqualTo(ORDERS);
            assertThat(orders.strings("SELECT DISTINCT version::text FROM sagas")).containsExactly("2");
        } finally {
            orders.close();
        }
    }

    private static RunningCommandApp startWithTopicsOfItsOwn(LocalKafkaBroker kafka) {
        String suffix = Long.toString(System.nanoTime());
        return RunningCommandApp.start(kafka, Map.of(
                "SAGAS_ENABLED", "true",
                "SAGA_STEP_TIMEOUT", "120s",
                "SAGA_CONSUMER_GROUP", "order-saga-" + suffix,
                "INVENTORY_COMMANDS_TOPIC", "inventory-commands-" + suffix,
                "INVENTORY_REPLIES_TOPIC", "inventory-replies-" + suffix,
                "PAYMENT_COMMANDS_TOPIC", "payment-commands-" + suffix,
                "PAYMENT_REPLIES_TOPIC", "payment-replies-" + suffix));
    }

    /**
     * Places {@link #ORDERS} orders, stops the app, sends each order's {@code replies} to the inventory's reply
     * topic, and starts the app again: its first polls then hold many orders' replies at once.
     */
    private static RunningCommandApp repliedToWhileDown(LocalKafkaBroker kafka, RunningCommandApp orders,
                                                        Function<Long, List<InventoryReply>> replies) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            HttpJson.Response created = orders.http.post("/orders", anOrder());
            assertThat(created.status()).isEqualTo(201);
            ids.add(created.json().get("id").asLong());
        }
        orders.app.close();
        String topic = orders.config.sagas().topics().inventoryReplies();
        try (SagaWire wire = new SagaWire(kafka.bootstrapServers())) {
            for (long id : ids) {
                replies.apply(id).forEach(reply -> wire.send(topic, reply));
            }
        }
        return orders.startedAgain();
    }
}
