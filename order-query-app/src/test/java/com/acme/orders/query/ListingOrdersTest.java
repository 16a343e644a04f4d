package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Every list against one known read model: what it shows, in which order, and never a deleted order. */
class ListingOrdersTest {

    private static final List<String> EVERY_LIST = List.of(
            "/orders", "/orders/user/7", "/orders/user/7/status/PENDING", "/orders/status/PENDING",
            "/orders/date-range?from=2026-01-01&to=2026-12-31", "/orders/search/username?username=a",
            "/orders/amount-greater-than?amount=0");

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(
                order(1).by(7, "alice").amount("10.00").created("2026-11-24T09:00:00Z"),
                order(2).by(8, "bob").amount("25.50").created("2026-11-24T23:30:00Z").in("SHIPPED"),
                order(3).by(7, "alice").amount("99.99").created("2026-11-25T00:00:00Z").in("SHIPPED"),
                order(4).by(7, "alice").amount("5.00").created("2026-11-25T10:00:00Z").deletedLater(),
                order(5).by(8, "bob").amount("25.50").created("2026-11-25T10:00:00Z").in("CANCELLED"),
                order(6).by(9, "a_b").amount("40.00").created("2026-11-25T10:00:00Z"),
                order(7).by(10, "axb").amount("40.00").created("2026-11-25T23:59:59Z").in("DELIVERED"),
                order(8).byUnknownUser(11).amount("1000.00").created("2026-11-26T00:00:00Z").in("CONFIRMED"),
                order(9).by(7, "alice").amount("25.50").created("2026-11-26T12:00:00Z").deletedLater(),
                order(10).by(12, "Back\\Slash%").amount("7.00").created("2026-11-26T13:00:00Z").in("PROCESSING"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void all_active_orders_are_listed_newest_first() {
        HttpJson.Response response = app.http.get("/orders");

        assertThat(response.status()).isEqualTo(200);
        assertThat(ids(response)).containsExactly(10L, 8L, 7L, 6L, 5L, 3L, 2L, 1L);
        assertThat(response.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void a_users_orders_are_listed_newest_first() {
        assertThat(ids(app.http.get("/orders/user/7"))).containsExactly(3L, 1L);
        assertThat(ids(app.http.get("/orders/user/8"))).containsExactly(5L, 2L);
        assertThat(ids(app.http.get("/orders/user/999"))).isEmpty();
    }

    @Test
    void orders_in_a_status_are_listed_newest_first() {
        assertThat(ids(app.http.get("/orders/status/PENDING"))).containsExactly(6L, 1L);
        assertThat(ids(app.http.get("/orders/status/SHIPPED"))).containsExactly(3L, 2L);
        assertThat(ids(app.http.get("/orders/status/CONFIRMED"))).containsExactly(8L);
        assertThat(ids(app.http.get("/orders/status/PROCESSING"))).containsExactly(10L);
    }

    @Test
    void a_users_orders_in_a_status_are_listed_newest_first() {
        assertThat(ids(app.http.get("/orders/user/7/status/SHIPPED"))).containsExactly(3L);
        assertThat(ids(app.http.get("/orders/user/7/status/PENDING"))).containsExactly(1L);
        assertThat(ids(app.http.get("/orders/user/8/status/PENDING"))).isEmpty();
    }

    @Test
    void a_date_range_of_plain_dates_includes_the_whole_to_date() {
        HttpJson.Response oneDay = app.http.get("/orders/date-range?from=2026-11-25&to=2026-11-25");

        assertThat(oneDay.status()).isEqualTo(200);
        assertThat(ids(oneDay)).as("created at or after 11-25T00:00Z and before 11-26T00:00Z, newest first, ties"
                + " by id").containsExactly(7L, 6L, 5L, 3L);
        assertThat(ids(app.http.get("/orders/date-range?from=2026-11-24&to=2026-11-26")))
                .containsExactly(10L, 8L, 7L, 6L, 5L, 3L, 2L, 1L);
    }

    @Test
    void a_date_range_of_instants_is_half_open() {
        assertThat(ids(app.http.get("/orders/date-range?from=2026-11-25T10:00:00Z&to=2026-11-26T00:00:00Z")))
                .containsExactly(7L, 6L, 5L);
        assertThat(ids(app.http.get("/orders/date-range?from=2026-11-25T00:00:00Z&to=2026-11-25T10:00:00Z")))
                .containsExactly(3L);
        assertThat(ids(app.http.get("/orders/date-range?from=2026-11-25T10:00:00Z&to=2026-11-25T10:00:00Z")))
                .isEmpty();
    }

    @Test
    void a_date_range_may_use_offsets_encoded_or_not() {
        String from = URLEncoder.encode("2026-11-25T11:00:00+01:00", StandardCharsets.UTF_8);
        String to = URLEncoder.encode("2026-11-26T01:00:00+01:00", StandardCharsets.UTF_8);

        assertThat(ids(app.http.get("/orders/date-range?from=" + from + "&to=" + to))).containsExactly(7L, 6L, 5L);
        assertThat(ids(app.http.get("/orders/date-range?from=2026-11-25T11:00:00+01:00&to=2026-11-26T01:00:00+01:00")))
                .as("a raw + arrives as a space").containsExactly(7L, 6L, 5L);
    }

    @Test
    void a_username_search_ignores_case_and_matches_parts() {
        assertThat(ids(app.http.get("/orders/search/username?username=ALI"))).containsExactly(3L, 1L);
        assertThat(ids(app.http.get("/orders/search/username?username=ob"))).containsExactly(5L, 2L);
        assertThat(ids(app.http.get("/orders/search/username?username=nobody"))).isEmpty();
    }

    @Test
    void wildcards_in_a_username_search_match_only_themselves() {
        assertThat(ids(app.http.get("/orders/search/username?username=a_b"))).containsExactly(6L);
        assertThat(ids(app.http.get("/orders/search/username?username=%25"))).containsExactly(10L);
        assertThat(ids(app.http.get("/orders/search/username?username=k%5Cs"))).containsExactly(10L);
        assertThat(ids(app.http.get("/orders/search/username?username=_"))).containsExactly(6L);
    }

    @Test
    void orders_above_an_amount_are_listed_smallest_total_first() {
        HttpJson.Response response = app.http.get("/orders/amount-greater-than?amount=25.50");

        assertThat(ids(response)).as("strictly greater; equal totals by id").containsExactly(6L, 7L, 3L, 8L);
        assertThat(amounts(response)).containsExactly("40.00", "40.00", "99.99", "1000.00");
        assertThat(ids(app.http.get("/orders/amount-greater-than?amount=25.5"))).containsExactly(6L, 7L, 3L, 8L);
        assertThat(ids(app.http.get("/orders/amount-greater-than?amount=0")))
                .containsExactly(10L, 1L, 2L, 5L, 6L, 7L, 3L, 8L);
        assertThat(ids(app.http.get("/orders/amount-greater-than?amount=1000"))).isEmpty();
    }

    @Test
    void deleted_orders_appear_in_no_list() {
        for (String list : EVERY_LIST) {
            HttpJson.Response response = app.http.get(list);

            assertThat(response.status()).as(list).isEqualTo(200);
            assertThat(ids(response)).as(list).isNotEmpty().doesNotContain(4L, 9L);
        }
    }

    @Test
    void every_list_shows_whole_orders() {
        HttpJson.Response response = app.http.get("/orders/status/PROCESSING");
        JsonNode order = response.json().get("orders").get(0);

        assertThat(order.get("id").asLong()).isEqualTo(10);
        assertThat(order.get("userUsername").asText()).isEqualTo("Back\\Slash%");
        assertThat(ExactJson.decimal(response, "/orders/0/totalAmount")).isEqualTo("7.00");
        assertThat(order.get("createdAt").asText()).isEqualTo("2026-11-26T13:00:00Z");
        assertThat(order.get("version").asLong()).isEqualTo(1);
        assertThat(order.size()).as("the order JSON of GET /orders/{id}, cancellationReason included").isEqualTo(13);
    }

    @Test
    void unknown_query_parameters_are_ignored() {
        assertThat(ids(app.http.get("/orders/status/SHIPPED?sort=asc&page=3"))).containsExactly(3L, 2L);
    }

    static List<Long> ids(HttpJson.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json().get("orders").forEach(order -> ids.add(order.get("id").asLong()));
        return ids;
    }

    private static List<String> amounts(HttpJson.Response response) {
        List<String> amounts = new ArrayList<>();
        ExactJson.of(response).get("orders").forEach(order -> amounts.add(order.get("totalAmount").decimalValue()
                .toPlainString()));
        return amounts;
    }
}
