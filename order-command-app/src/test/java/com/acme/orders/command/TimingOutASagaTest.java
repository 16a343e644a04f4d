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
import java.util.List;
import java.util.UUID;

import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static com.acme.orders.command.RunningSagas.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A participant that does not answer within the step timeout: the saga undoes what may have happened and cancels
 * the order naming the service, also when the deadline passed while the command app was down; the participant's
 * late answer is undone too, so nothing stays reserved or charged.
 */
@ExtendWith(SharedKafka.class)
class TimingOutASagaTest {

    private static final Duration SAGA = Duration.ofSeconds(60);

    private static RunningSagas system;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        system = RunningSagas.start(kafka, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void a_payment_service_silent_past_the_step_timeout_cancels_the_order_and_its_late_answer_is_undone()
            throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 4);
        system.stopPayment();
        long id;
        try {
            id = system.place(orderJson(42, item(sku, 1, "25.00")));

            system.awaitStatus(id, "CANCELLED", SAGA);
            assertThat(system.cancellationEvent(id))
                    .contains("payment-service did not answer within " + system.stepTimeout.toSeconds() + "s");
            await("the reservation is released", SAGA, () -> system.stock(sku).get("reserved").asInt() == 0);
        } finally {
            system.startPayment();
        }

        await("nothing stays authorised once the payment service is back", SAGA, () -> {
            JsonNode payments = system.payments(id);
            return payments.get("operations").size() >= 2 && !"AUTHORIZED".equals(payments.get("status").asText());
        });
        assertThat(system.stock(sku).get("available").asInt()).isEqualTo(4);
        await("the saga ends cancelled", SAGA, () -> system.orders.count(
                "SELECT count(*) FROM sagas WHERE order_id = " + id + " AND step = 'CANCELLED'") == 1);
    }

    @Test
    void a_deadline_that_passes_while_the_app_is_down_fires_after_its_restart_and_the_late_reservation_is_released()
            throws Exception {
        String sku = system.newSku();
        system.setStock(sku, 3);
        system.stopInventory();
        long id;
        try {
            id = system.place(orderJson(42, item(sku, 2, "4.00")));
            system.restartOrders();

            system.awaitStatus(id, "CANCELLED", SAGA);
            assertThat(system.cancellationEvent(id))
                    .contains("inventory-service did not answer within " + system.stepTimeout.toSeconds() + "s");
        } finally {
            system.startInventory();
        }

        await("the saga ends cancelled", SAGA, () -> system.orders.count(
                "SELECT count(*) FROM sagas WHERE order_id = " + id + " AND step = 'CANCELLED'") == 1);
        await("nothing stays reserved", SAGA, () -> system.stock(sku).get("reserved").asInt() == 0);
        assertThat(system.stock(sku).get("available").asInt()).isEqualTo(3);
        assertThat(system.payments(id).get("operations")).isEmpty();
    }
}
