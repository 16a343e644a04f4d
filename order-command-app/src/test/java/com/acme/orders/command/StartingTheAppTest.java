package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Clock;
import java.util.Map;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class StartingTheAppTest {

    @Test
    void the_app_creates_and_migrates_its_database_when_missing_and_reports_health(LocalKafkaBroker kafka) throws Exception {
        TestDatabase fresh = TestDatabase.reserveName("bootstrap");
        CommandConfig config = RunningCommandApp.config(fresh, kafka, Map.of());

        try (CommandApp app = CommandApp.start(config, Clock.systemUTC())) {
            HttpJson http = HttpJson.local(app.port());
            http.post("/orders", anOrder());

            try (Connection connection = fresh.connect()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(http.get("/health").status()).isEqualTo(200);
            HttpJson.Response ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("UP");
            String metrics = http.get("/metrics").text();
            assertThat(metrics).contains("http_server_requests_seconds_count{")
                    .contains("route=\"/orders\"")
                    .contains("outbox_backlog_events")
                    .contains("jvm_memory_used_bytes");
            HttpJson.Response openApi = http.get("/openapi.json");
            assertThat(openApi.status()).isEqualTo(200);
            assertThat(openApi.json().at("/paths/~1orders/post/summary").asText()).isEqualTo("Place an order");
        } finally {
            fresh.close();
        }
    }
}
