package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartingTheAppTest {

    @Test
    void the_app_creates_and_migrates_its_database_when_missing_and_reports_health() throws Exception {
        TestDatabase fresh = TestDatabase.reserveName("query_bootstrap");
        QueryConfig config = RunningQueryApp.config(fresh, Map.of());

        try (QueryApp app = QueryApp.start(config)) {
            HttpJson http = HttpJson.local(app.port());
            HttpJson.Response orders = http.get("/orders");

            assertThat(orders.status()).isEqualTo(200);
            assertThat(orders.text()).isEqualTo("{\"orders\":[],\"nextCursor\":null}");
            try (Connection connection = fresh.connect();
                 ResultSet statistics = connection.createStatement()
                         .executeQuery("SELECT count(*) FROM order_statistics")) {
                statistics.next();
                assertThat(statistics.getInt(1)).as("migrated").isEqualTo(6);
            }
            assertThat(http.get("/health").status()).isEqualTo(200);
            HttpJson.Response ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("UP");
            assertThat(ready.json().at("/checks/database/required").asBoolean()).isTrue();
            assertThat(ready.json().at("/checks/changeListener/required").asBoolean()).isFalse();
            String metrics = http.get("/metrics").text();
            assertThat(metrics).contains("http_server_requests_seconds_count{")
                    .contains("route=\"/orders\"")
                    .contains("read_consistency_wait_seconds")
                    .contains("jvm_memory_used_bytes");
        } finally {
            fresh.close();
        }
    }

    @Test
    void the_openapi_document_describes_every_endpoint() {
        try (RunningQueryApp app = RunningQueryApp.start()) {
            HttpJson.Response openApi = app.http.get("/openapi.json");

            assertThat(openApi.status()).isEqualTo(200);
            assertThat(openApi.json().get("openapi").asText()).isEqualTo("3.0.3");
            assertThat(openApi.json().get("paths").fieldNames()).toIterable().contains(
                    "/orders", "/orders/{id}", "/orders/user/{userId}", "/orders/status/{status}",
                    "/orders/user/{userId}/status/{status}", "/orders/date-range", "/orders/statistics",
                    "/orders/search/username", "/orders/amount-greater-than");
        }
    }
}
