package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.acme.orders.query.Problems.assertProblem;
import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

class GettingAnOrderTest {

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(
                order(1).by(7, "alice").amount("39.9").items(2).created("2026-11-25T10:15:30.123456Z")
                        .movedTo("CONFIRMED"),
                order(2).byUnknownUser(8),
                order(3).deletedLater(),
                order(4).withoutAddressOrNotes(),
                order(5).movedTo("CANCELLED"),
                order(6).movedTo("CANCELLED"));
        app.readModel.cancellationReason(5, "payment declined: the total 12000.00 exceeds the limit");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void an_order_is_shown_with_every_column_and_its_version_as_etag() {
        HttpJson.Response response = app.http.get("/orders/1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).contains("\"2\"");
        assertThat(response.header("Consistency-Status")).as("no token, no consistency status").isEmpty();
        JsonNode order = response.json();
        assertThat(order.get("id").asLong()).isEqualTo(1);
        assertThat(order.get("userId").asLong()).isEqualTo(7);
        assertThat(ExactJson.decimal(response, "/totalAmount")).isEqualTo("39.90");
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.get("createdAt").asText()).isEqualTo("2026-11-25T10:15:30.123456Z");
        assertThat(order.get("updatedAt").asText()).isEqualTo("2026-11-25T10:16:30.123456Z");
        assertThat(order.get("shippingAddress").asText()).isEqualTo("1 Main St");
        assertThat(order.get("notes").asText()).isEqualTo("leave at the door");
        assertThat(order.get("userUsername").asText()).isEqualTo("alice");
        assertThat(order.get("userEmail").asText()).isEqualTo("alice@example.com");
        assertThat(order.get("itemsCount").asInt()).isEqualTo(2);
        assertThat(order.get("version").asLong()).isEqualTo(2);
        assertThat(order.get("cancellationReason").isNull()).as("not cancelled, no reason").isTrue();
        assertThat(order.size()).as("no other fields").isEqualTo(13);
    }

    @Test
    void an_order_the_service_cancelled_shows_why_in_the_order_and_in_lists() {
        JsonNode order = app.http.get("/orders/5").json();
        JsonNode listed = app.http.get("/orders/status/CANCELLED").json().get("orders");

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.get("cancellationReason").asText())
                .isEqualTo("payment declined: the total 12000.00 exceeds the limit");
        assertThat(listed).filteredOn(o -> o.get("id").asLong() == 5).singleElement()
                .satisfies(o -> assertThat(o.get("cancellationReason").asText()).startsWith("payment declined"));
    }

    @Test
    void an_order_its_customer_cancelled_has_no_reason() {
        JsonNode order = app.http.get("/orders/6").json();

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.get("cancellationReason").isNull()).isTrue();
    }

    @Test
    void an_order_of_a_user_not_known_yet_has_no_username_or_email() {
        JsonNode order = app.http.get("/orders/2").json();

        assertThat(order.get("userId").asLong()).isEqualTo(8);
        assertThat(order.get("userUsername").isNull()).isTrue();
        assertThat(order.get("userEmail").isNull()).isTrue();
    }

    @Test
    void an_order_placed_without_an_address_shows_it_as_null_in_the_order_and_in_lists() {
        JsonNode order = app.http.get("/orders/4").json();
        JsonNode listed = app.http.get("/orders?limit=500").json().get("orders");

        assertThat(order.get("shippingAddress").isNull()).isTrue();
        assertThat(order.get("notes").isNull()).isTrue();
        assertThat(listed).filteredOn(o -> o.get("id").asLong() == 4).singleElement()
                .satisfies(o -> assertThat(o.get("shippingAddress").isNull()).isTrue());
    }

    @Test
    void an_unknown_order_is_404() {
        HttpJson.Response response = app.http.get("/orders/987654");

        assertProblem(response, 404);
        assertThat(response.field("detail")).isEqualTo("order 987654 does not exist");
    }

    @Test
    void a_deleted_order_is_410() {
        HttpJson.Response response = app.http.get("/orders/3");

        assertProblem(response, 410);
        assertThat(response.field("detail")).isEqualTo("order 3 was deleted");
    }
}
