package com.acme.orders.inventory;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Clock;
import java.util.Map;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class StartingTheServiceTest {

    @Test
    void the_service_creates_its_database_and_reports_health_readiness_metrics_and_its_api(LocalKafkaBroker kafka)
            throws Exception {
        TestDatabase fresh = TestDatabase.reserveName("inventory_bootstrap");
        InventoryConfig config = RunningInventory.config(fresh, kafka, Map.of());

        try (InventoryApp app = InventoryApp.start(config, Clock.systemUTC())) {
            HttpJson http = HttpJson.local(app.port());
            http.put("/stock/boot", "{\"available\": 1}");

            try (Connection connection = fresh.connect()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(http.get("/health").status()).isEqualTo(200);
            HttpJson.Response ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("UP");
            assertThat(http.get("/metrics").text())
                    .contains("route=\"/stock/{productId}\"")
                    .contains("outbox_messages_backlog{app=\"inventory-service\"}")
                    .contains("participant_commands_rejected_total")
                    .contains("jvm_memory_used_bytes");
            HttpJson.Response openApi = http.get("/openapi.json");
            assertThat(openApi.status()).isEqualTo(200);
            assertThat(openApi.json().at("/paths/~1stock~1{productId}/put/summary").asText())
                    .isEqualTo("Set the units free to reserve");
        } finally {
            fresh.close();
        }
    }

    @Test
    void with_an_admin_token_the_stock_api_requires_it_and_the_probes_stay_open(LocalKafkaBroker kafka) {
        try (RunningInventory inventory = RunningInventory.start(kafka, Map.of("ADMIN_API_TOKEN", "s3cret-token"))) {
            HttpJson.Response anonymous = inventory.http.put("/stock/t-1", "{\"available\": 1}");
            HttpJson.Response wrong = inventory.http.get("/stock/t-1", "Authorization", "Bearer nope");
            HttpJson.Response right = inventory.http.put("/stock/t-1", "{\"available\": 1}",
                    "Authorization", "Bearer s3cret-token");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(inventory.http.get("/health").status()).isEqualTo(200);
            assertThat(inventory.http.get("/ready").status()).isEqualTo(200);
            assertThat(inventory.http.get("/metrics").status()).isEqualTo(200);
            assertThat(inventory.http.get("/openapi.json").status()).isEqualTo(200);
            // Commands on Kafka are not behind the token.
            assertThat(inventory.replyTo(inventory.reserve(401, line("t-1", 1)).messageId()).orderId()).isEqualTo(401);
        }
    }
}
