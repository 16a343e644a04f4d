package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /orders/{id}/history}: an order's events in order, hot or archived, a deleted order's too; and the
 * {@code archive} sub-command that moves them.
 */
@ExtendWith(SharedKafka.class)
class ReadingAnOrdersHistoryTest {

    private RunningCommandApp app;
    private long delivered;
    private long deleted;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        // Everything finished is due at once; the periodic archiver stays off so that only the test archives.
        app = RunningCommandApp.start(kafka, Map.of("ARCHIVE_AFTER", "0s", "ARCHIVE_ENABLED", "false"));
        delivered = create();
        for (String status : List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED")) {
            app.http.put("/orders/" + delivered + "/status", "{\"status\": \"" + status + "\"}");
        }
        deleted = create();
        app.http.delete("/orders/" + deleted);
        OutboxRelayTest.await(() -> app.count("SELECT count(*) FROM outbox") == 0);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_history_lists_every_event_in_version_order_with_type_time_and_payload() {
        HttpJson.Response response = app.http.get("/orders/" + delivered + "/history");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("orderId").asLong()).isEqualTo(delivered);
        List<JsonNode> events = events(response);
        assertThat(events).extracting(e -> e.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("OrderCreated",
                "OrderStatusUpdated", "OrderStatusUpdated", "OrderStatusUpdated", "OrderStatusUpdated");
        assertThat(events).extracting(e -> e.get("archived").asBoolean()).containsOnly(false);
        assertThat(events.get(0).get("payload").get("totalAmount").decimalValue()).isEqualByComparingTo("44.98");
        assertThat(events.get(4).get("payload").get("newStatus").asText()).isEqualTo("DELIVERED");
        assertThat(events).allMatch(e -> e.hasNonNull("occurredAt") && e.hasNonNull("eventId"));
    }

    @Test
    void the_answer_has_every_field_the_openapi_document_requires() {
        JsonNode api = app.http.get("/openapi.json").json();
        JsonNode operation = api.at("/paths/~1orders~1{id}~1history/get");
        List<JsonNode> events = events(app.http.get("/orders/" + delivered + "/history"));

        assertThat(operation.get("operationId").asText()).isEqualTo("getOrderHistory");
        assertThat(operation.at("/responses/404/content/application~1problem+json").isMissingNode()).isFalse();
        api.at("/components/schemas/HistoryEvent/required").forEach(field ->
                assertThat(events).allMatch(event -> event.has(field.asText()), field.asText()));
    }

    @Test
    void after_archiving_the_history_is_the_same_and_says_archived() {
        List<JsonNode> before = events(app.http.get("/orders/" + delivered + "/history"));

        int exit = CommandApp.archive(app.config, List.of());

        assertThat(exit).isZero();
        assertThat(app.count("SELECT count(*) FROM order_events")).isZero();
        List<JsonNode> after = events(app.http.get("/orders/" + delivered + "/history"));
        assertThat(after).extracting(e -> e.get("archived").asBoolean()).containsOnly(true);
        assertThat(withoutArchived(after)).isEqualTo(withoutArchived(before));
    }

    @Test
    void a_deleted_order_s_history_stays_readable_and_ends_with_the_deletion() {
        CommandApp.archive(app.config, List.of());

        HttpJson.Response response = app.http.get("/orders/" + deleted + "/history");

        assertThat(response.status()).isEqualTo(200);
        assertThat(events(response)).extracting(e -> e.get("type").asText())
                .containsExactly("OrderCreated", "OrderDeleted");
    }

    @Test
    void an_id_no_order_ever_had_is_404_problem() {
        HttpJson.Response response = app.http.get("/orders/987654321/history");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().get("detail").asText()).contains("987654321");
    }

    @Test
    void an_id_that_is_not_a_number_is_400_naming_the_field() {
        HttpJson.Response response = app.http.get("/orders/abc/history");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("id");
    }

    @Test
    void a_dry_run_of_the_archive_command_moves_nothing_and_an_unknown_option_is_refused() {
        long hot = app.count("SELECT count(*) FROM order_events");

        assertThat(CommandApp.archive(app.config, List.of("--dry-run"))).isZero();
        assertThat(CommandApp.archive(app.config, List.of("--everything"))).isEqualTo(2);

        assertThat(app.count("SELECT count(*) FROM order_events")).isEqualTo(hot).isEqualTo(7);
        assertThat(app.count("SELECT count(*) FROM order_events_archive")).isZero();
    }

    private long create() {
        return Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
    }

    private static List<JsonNode> events(HttpJson.Response response) {
        List<JsonNode> events = new ArrayList<>();
        response.json().get("events").forEach(events::add);
        return events;
    }

    private static List<String> withoutArchived(List<JsonNode> events) {
        return events.stream().map(e -> {
            var copy = e.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("archived");
            return copy.toString();
        }).toList();
    }
}
