package com.acme.orders.inventory;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class AdministeringStockTest {

    private static RunningInventory inventory;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        inventory = RunningInventory.start(kafka);
    }

    @AfterAll
    static void stop() {
        inventory.close();
    }

    @Test
    void putting_the_stock_answers_the_new_level() {
        HttpJson.Response response = inventory.http.put("/stock/A-1", "{\"available\": 10}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("productId").asText()).isEqualTo("A-1");
        assertThat(response.json().get("available").asInt()).isEqualTo(10);
        assertThat(response.json().get("reserved").asInt()).isZero();
        assertThat(inventory.http.get("/stock/A-1").json().get("available").asInt()).isEqualTo(10);
    }

    @Test
    void a_product_never_set_reads_as_the_default_stock() {
        HttpJson.Response response = inventory.http.get("/stock/never-set");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("available").asInt()).isEqualTo(1000);
        assertThat(response.json().get("reserved").asInt()).isZero();
    }

    @Test
    void negative_fractional_missing_and_unknown_fields_are_400s_naming_the_field() {
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\": -1}"), "available", "must not be negative");
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\": 1.5}"), "available", "must be an integer");
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\": \"10\"}"), "available", "must be an integer");
        assertInvalid(inventory.http.put("/stock/A-2", "{}"), "available", "is required");
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\": 1, \"reserved\": 5}"), "reserved",
                "is not set by hand");
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\": 1000000001}"), "available", "at most");
        assertInvalid(inventory.http.put("/stock/A-2", "[1]"), "body", "must be a JSON object");
        assertInvalid(inventory.http.put("/stock/A-2", "{\"available\":"), "body", "malformed JSON");
        assertInvalid(inventory.http.get("/stock/" + "x".repeat(65)), "productId", "at most 64 characters");
        assertThat(inventory.http.get("/stock/A-2").json().get("available").asInt())
                .as("nothing was stored").isEqualTo(1000);
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        HttpJson.Response response = inventory.http.send("PUT", "/stock/A-3",
                HttpRequest.BodyPublishers.ofString("available=1"), "Content-Type", "text/plain");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
    }

    private static void assertInvalid(HttpJson.Response response, String field, String reason) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("reason").asText()).contains(reason);
    }
}
