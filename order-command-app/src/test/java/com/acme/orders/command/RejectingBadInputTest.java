package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.RawHttp;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is a problem document naming the field and the reason, and writes nothing. */
@ExtendWith(SharedKafka.class)
class RejectingBadInputTest {

    private static RunningCommandApp app;
    private static long existingOrder;
    private long rowsBefore;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka);
        existingOrder = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void countRows() {
        rowsBefore = rows();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(rows()).as("rows in orders, order_items, order_events, idempotency_keys").isEqualTo(rowsBefore);
    }

    @Test
    void a_missing_field_is_named() {
        HttpJson.Response response = app.http.post("/orders", """
                {"items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": "x"}""");

        assertProblem(response, 400, "userId", "is required");
    }

    @Test
    void a_wrong_type_is_named() {
        assertProblem(app.http.post("/orders", """
                {"userId": "abc", "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": "x"}"""),
                400, "userId", "must be an integer, was a string");
        assertProblem(app.http.post("/orders", orderJson(1, """
                {"productId": "A", "quantity": "2", "unitPrice": 1}""")), 400, "items[0].quantity", "must be an integer");
        assertProblem(app.http.post("/orders", orderJson(1, """
                {"productId": "A", "quantity": 2.5, "unitPrice": 1}""")), 400, "items[0].quantity", "must be an integer");
        assertProblem(app.http.post("/orders", orderJson(1, """
                {"productId": 12, "quantity": 2, "unitPrice": 1}""")), 400, "items[0].productId", "must be a string");
        assertProblem(app.http.post("/orders", orderJson(1, "\"SKU-1\"")), 400, "items[0]", "must be an object");
    }

    @Test
    void a_negative_or_zero_quantity_is_refused() {
        assertProblem(app.http.post("/orders", orderJson(1, item("A", -1, "1.00"))),
                400, "items[0].quantity", "must be positive, was -1");
        assertProblem(app.http.post("/orders", orderJson(1, item("A", 1, "2.00"), item("B", 0, "1.00"))),
                400, "items[1].quantity", "must be positive, was 0");
    }

    @Test
    void prices_must_be_non_negative_money() {
        assertProblem(app.http.post("/orders", orderJson(1, item("A", 1, "-0.01"))),
                400, "items[0].unitPrice", "must not be negative");
        assertProblem(app.http.post("/orders", orderJson(1, item("A", 1, "1.999"))),
                400, "items[0].unitPrice", "at most 2 decimals");
        assertProblem(app.http.post("/orders", orderJson(1, item("A", 1, "1e400"))),
                400, "items[0].unitPrice", "out of range");
    }

    @Test
    void an_order_needs_items() {
        assertProblem(app.http.post("/orders", orderJson(1)), 400, "items", "at least one item");
        assertProblem(app.http.post("/orders", """
                {"userId": 1, "shippingAddress": "x"}"""), 400, "items", "is required");
    }

    @Test
    void every_invalid_field_is_listed_at_once() {
        HttpJson.Response response = app.http.post("/orders", """
                {"userId": true, "items": [{"productId": "A", "quantity": -3, "unitPrice": 1}], "notes": 5}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(error -> error.get("field").asText())
                .containsExactlyInAnyOrder("userId", "notes", "items[0].quantity");
    }

    @Test
    void a_client_chosen_total_or_unknown_field_is_refused() {
        assertProblem(app.http.post("/orders", """
                {"userId": 1, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": "x",
                 "totalAmount": 0.01}"""), 400, "totalAmount", "is computed from the items");
        assertProblem(app.http.post("/orders", """
                {"userId": 1, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shipingAddress": "x"}"""),
                400, "shipingAddress", "is not a known field");
    }

    @Test
    void text_with_control_characters_is_refused() {
        assertProblem(app.http.post("/orders", """
                {"userId": 1, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": "x\\u0000y"}"""),
                400, "shippingAddress", "control characters");
    }

    @Test
    void malformed_json_is_refused_with_its_position() {
        assertProblem(app.http.post("/orders", "{\"userId\": 1,"), 400, "body", "malformed JSON");
        assertProblem(app.http.post("/orders", "[1, 2]"), 400, "body", "must be a JSON object");
        assertProblem(app.http.post("/orders", ""), 400, "body", "is required");
        assertProblem(app.http.post("/orders", "{} {}"), 400, "body", "malformed JSON");
        assertProblem(app.http.post("/orders", "[".repeat(5_000)), 400, "body", "exceeds JSON limits");
    }

    @Test
    void an_unknown_status_is_refused_listing_the_known_ones() {
        HttpJson.Response response = app.http.put("/orders/" + existingOrder + "/status", "{\"status\": \"TELEPORTED\"}");

        assertProblem(response, 400, "status", "must be one of PENDING, CONFIRMED");
        assertProblem(app.http.put("/orders/" + existingOrder + "/status", "{}"), 400, "status", "is required");
        assertProblem(app.http.put("/orders/" + existingOrder + "/status", "{\"status\": 3}"), 400, "status",
                "must be a string");
    }

    @Test
    void an_id_that_is_not_a_positive_number_is_refused() {
        assertProblem(app.http.put("/orders/abc/status", "{\"status\": \"CONFIRMED\"}"), 400, "id", "positive integer");
        assertProblem(app.http.delete("/orders/-5"), 400, "id", "positive integer");
        assertProblem(app.http.delete("/orders/99999999999999999999"), 400, "id", "positive integer");
    }

    @Test
    void an_id_or_version_in_another_scripts_digits_or_with_a_sign_is_refused() {
        String fullwidth = URLEncoder.encode(fullwidthDigits(existingOrder), StandardCharsets.UTF_8);

        assertProblem(app.http.delete("/orders/" + fullwidth), 400, "id", "positive integer");
        assertProblem(app.http.delete("/orders/+" + existingOrder), 400, "id", "positive integer");
        assertProblem(app.http.put("/orders/" + fullwidth + "/status", "{\"status\": \"CONFIRMED\"}"), 400, "id",
                "positive integer");
        assertProblem(app.http.delete("/orders/" + existingOrder, "If-Match", "\"+1\""), 400, "If-Match", "ETag");
    }

    @Test
    void an_unknown_order_is_404() {
        HttpJson.Response response = app.http.put("/orders/987654/status", "{\"status\": \"CONFIRMED\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.field("detail")).isEqualTo("order 987654 does not exist");
        assertThat(app.http.delete("/orders/987654").status()).isEqualTo(404);
    }

    @Test
    void an_illegal_transition_is_409_naming_both_statuses() {
        HttpJson.Response response = app.http.put("/orders/" + existingOrder + "/status", "{\"status\": \"DELIVERED\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.field("detail")).contains("from PENDING to DELIVERED");
    }

    @Test
    void a_stale_if_match_is_412_with_the_current_etag() {
        HttpJson.Response response = app.http.put("/orders/" + existingOrder + "/status", "{\"status\": \"CONFIRMED\"}",
                "If-Match", "\"7\"");

        assertThat(response.status()).isEqualTo(412);
        assertThat(response.header("ETag")).contains("\"1\"");
        assertProblem(app.http.put("/orders/" + existingOrder + "/status", "{\"status\": \"CONFIRMED\"}",
                "If-Match", "yesterday"), 400, "If-Match", "ETag");
    }

    @Test
    void a_body_over_one_megabyte_is_413() throws Exception {
        byte[] huge = orderJson(1, item("A", 1, "1.00")).replace("leave at the door", "x".repeat(1_100_000))
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";

        // Raw sockets: the server may answer before it has read the body, which an ordinary client can miss.
        RawHttp.Response declared = RawHttp.send("localhost", app.app.port(),
                concat((head + "Content-Length: " + huge.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), huge),
                false, Duration.ofSeconds(10));
        RawHttp.Response chunked = RawHttp.send("localhost", app.app.port(),
                concat((head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(huge.length) + "\r\n")
                        .getBytes(StandardCharsets.UTF_8), huge, "\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
                false, Duration.ofSeconds(10));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(chunked.status()).isEqualTo(413);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        HttpJson.Response response = app.http.send("POST", "/orders", HttpRequest.BodyPublishers.ofString(anOrder()),
                "Content-Type", "text/plain");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.field("detail")).contains("application/json");
        assertThat(app.http.send("POST", "/orders", HttpRequest.BodyPublishers.ofString(anOrder())).status())
                .isEqualTo(415);
    }

    @Test
    void unknown_routes_and_methods_are_problems_too() {
        assertThat(app.http.get("/nope").status()).isEqualTo(404);
        HttpJson.Response wrongMethod = app.http.get("/orders");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static void assertProblem(HttpJson.Response response, int status, String field, String reason) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().get("errors")).as(response.text())
                .anySatisfy(error -> {
                    assertThat(error.get("field").asText()).isEqualTo(field);
                    assertThat(error.get("reason").asText()).contains(reason);
                });
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at com.");
    }

    /** {@code number} in fullwidth digits, which Long.parseLong reads as the same number. */
    private static String fullwidthDigits(long number) {
        return Long.toString(number).chars().mapToObj(c -> Character.toString(c - '0' + '\uFF10'))
                .reduce("", String::concat);
    }

    private static long rows() {
        return app.count("""
                SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)
                     + (SELECT count(*) FROM order_events) + (SELECT count(*) FROM idempotency_keys)""");
    }
}
