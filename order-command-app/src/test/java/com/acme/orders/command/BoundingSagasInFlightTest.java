package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SAGA_MAX_IN_FLIGHT}: while that many sagas are in flight, placing an order waits for one to finish, and is
 * refused with a 503 and {@code Retry-After} (writing nothing) when none finishes within
 * {@code SAGA_ADMISSION_TIMEOUT}.
 */
@ExtendWith(SharedKafka.class)
class BoundingSagasInFlightTest {

    private static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(12);

    @Test
    void placing_an_order_waits_for_room_among_the_sagas_in_flight_and_is_refused_when_none_comes(
            LocalKafkaBroker kafka) throws Exception {
        try (RunningSagas system = RunningSagas.start(kafka, Duration.ofSeconds(60), Map.of(
                "SAGA_MAX_IN_FLIGHT", "2", "SAGA_ADMISSION_TIMEOUT", ADMISSION_TIMEOUT.toMillis() + "ms"))) {
            String sku = system.newSku();
            // Without the inventory no saga gets past reserving its stock.
            system.stopInventory();
            system.place(orderJson(42, item(sku, 1, "5.00")));
            system.place(orderJson(42, item(sku, 1, "5.00")));

            long started = System.nanoTime();
            HttpJson.Response refused = system.orders.http.post("/orders", orderJson(42, item(sku, 1, "5.00")));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited for room first")
                    .isGreaterThanOrEqualTo(ADMISSION_TIMEOUT);
            assertThat(refused.header("Retry-After")).contains("1");
            assertThat(refused.json().get("type").asText()).endsWith("/sagas-at-capacity");
            assertThat(refused.json().get("detail").asText()).contains("bound of 2");
            assertThat(system.orders.count("SELECT count(*) FROM orders")).as("nothing written").isEqualTo(2);
            assertThat(system.metric("saga_admission_refused_total", "")).isEqualTo(1);

            CompletableFuture<HttpJson.Response> waiting = CompletableFuture.supplyAsync(
                    () -> system.orders.http.post("/orders", orderJson(42, item(sku, 1, "5.00"))));
            Thread.sleep(1_000);
            assertThat(waiting).as("still waiting while both sagas are in flight").isNotDone();
            system.startInventory();

            HttpJson.Response admitted = waiting.get(ADMISSION_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            assertThat(admitted.status()).as("let in once a saga finished").isEqualTo(201);
            system.awaitStatus(admitted.json().get("id").asLong(), "CONFIRMED", Duration.ofSeconds(60));
            assertThat(system.orders.count("SELECT count(*) FROM sagas WHERE step = 'CONFIRMED'")).isEqualTo(3);
        }
    }
}
