package com.acme.orders.query;

import com.acme.orders.query.web.Cursor;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static com.acme.orders.query.Problems.assertInvalid;
import static com.acme.orders.query.Problems.assertProblem;
import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is a 400 problem document that names the field and says why; never a 500, never a stack trace. */
class RejectingBadInputTest {

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(order(1), order(2), order(3).in("SHIPPED"), order(4).in("SHIPPED"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void an_unknown_status_is_refused_listing_the_known_ones() {
        assertInvalid(app.http.get("/orders/status/TELEPORTED"), "status",
                "must be one of PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED, was 'TELEPORTED'");
        assertInvalid(app.http.get("/orders/status/shipped"), "status", "must be one of");
        assertInvalid(app.http.get("/orders/user/7/status/LOST"), "status", "must be one of");
    }

    @Test
    void an_id_that_is_not_a_positive_64_bit_integer_is_refused() {
        assertInvalid(app.http.get("/orders/abc"), "id", "must be a positive integer, was 'abc'");
        assertInvalid(app.http.get("/orders/0"), "id", "must be a positive integer");
        assertInvalid(app.http.get("/orders/-5"), "id", "must be a positive integer");
        assertInvalid(app.http.get("/orders/99999999999999999999"), "id", "must be a positive integer");
        assertInvalid(app.http.get("/orders/user/bob"), "userId", "must be a positive integer");
        assertInvalid(app.http.get("/orders/user/0/status/PENDING"), "userId", "must be a positive integer");
        assertInvalid(app.http.get("/orders/+1"), "id", "must be a positive integer");
        assertInvalid(app.http.get("/orders/%EF%BC%91"), "id", "must be a positive integer");
        assertInvalid(app.http.get("/orders/user/%D9%A1"), "userId", "must be a positive integer");
    }

    @Test
    void a_date_that_cannot_be_read_is_refused() {
        assertInvalid(app.http.get("/orders/date-range?from=yesterday&to=2026-11-25"), "from",
                "must be an ISO-8601 instant");
        assertInvalid(app.http.get("/orders/date-range?from=2026-11-25&to=2026-13-01"), "to",
                "must be an ISO-8601 instant");
        assertInvalid(app.http.get("/orders/date-range?from=2026-11-25T10:00:00&to=2026-11-26"), "from",
                "date-time with offset");
        assertInvalid(app.http.get("/orders/date-range?from=%2B99999-01-01T00:00:00Z&to=2026-11-26"), "from",
                "out of range");
    }

    @Test
    void both_ends_of_a_date_range_are_required() {
        HttpJson.Response neither = app.http.get("/orders/date-range");

        assertInvalid(neither, "from", "is required");
        assertInvalid(neither, "to", "is required");
        assertInvalid(app.http.get("/orders/date-range?from=2026-11-25"), "to", "is required");
        assertInvalid(app.http.get("/orders/date-range?from=&to=2026-11-25"), "from", "is required");
    }

    @Test
    void a_date_range_that_ends_before_it_starts_is_refused() {
        assertInvalid(app.http.get("/orders/date-range?from=2026-11-26&to=2026-11-25"), "from",
                "must not be after to");
        assertInvalid(app.http.get("/orders/date-range?from=2026-11-25T10:00:01Z&to=2026-11-25T10:00:00Z"), "from",
                "must not be after to");
    }

    @Test
    void an_amount_must_be_a_non_negative_decimal() {
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=-0.01"), "amount", "must not be negative");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=ten"), "amount",
                "must be a decimal number such as 25.50, was 'ten'");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=NaN"), "amount", "must be a decimal number");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=1e400"), "amount", "out of range");
        assertInvalid(app.http.get("/orders/amount-greater-than"), "amount", "is required");
    }

    @Test
    void a_limit_must_be_from_1_to_500() {
        assertInvalid(app.http.get("/orders?limit=0"), "limit", "must be an integer from 1 to 500, was '0'");
        assertInvalid(app.http.get("/orders?limit=501"), "limit", "was '501'");
        assertInvalid(app.http.get("/orders?limit=abc"), "limit", "was 'abc'");
        assertInvalid(app.http.get("/orders/status/SHIPPED?limit=-1"), "limit", "from 1 to 500");
        assertInvalid(app.http.get("/orders?limit=%2B5"), "limit", "from 1 to 500");
        assertInvalid(app.http.get("/orders?limit=%EF%BC%95"), "limit", "from 1 to 500");
        assertThat(app.http.get("/orders?limit=500").status()).isEqualTo(200);
    }

    @Test
    void a_malformed_cursor_is_refused() {
        String notBase64 = "***";
        String notOurs = base64("hello");
        String badPosition = base64("orders|forty-two");

        assertInvalid(app.http.get("/orders?cursor=" + notBase64), "cursor", "is not a cursor from this API");
        assertInvalid(app.http.get("/orders?cursor=" + notOurs), "cursor", "is not a cursor from this API");
        assertInvalid(app.http.get("/orders?cursor=" + badPosition), "cursor", "is not a cursor from this API");
        assertInvalid(app.http.get("/orders?cursor="), "cursor", "is not a cursor from this API");
    }

    @Test
    void a_cursor_only_continues_the_list_that_issued_it() {
        String shipped = nextCursor("/orders/status/SHIPPED?limit=1");
        String dateRange = nextCursor("/orders/date-range?from=2026-01-01&to=2026-12-31&limit=1");
        String userOne = nextCursor("/orders/user/1?limit=1");

        assertInvalid(app.http.get("/orders/status/PENDING?cursor=" + shipped), "cursor", "belongs to another list");
        assertInvalid(app.http.get("/orders?cursor=" + shipped), "cursor", "belongs to another list");
        assertInvalid(app.http.get("/orders/status/SHIPPED?cursor=" + dateRange), "cursor", "belongs to another list");
        assertInvalid(app.http.get("/orders/date-range?from=2026-01-01&to=2026-12-30&cursor=" + dateRange), "cursor",
                "belongs to another list");
        assertInvalid(app.http.get("/orders/user/2?cursor=" + userOne), "cursor", "belongs to another list");
        assertInvalid(app.http.get("/orders/user/1/status/PENDING?cursor=" + userOne), "cursor",
                "belongs to another list");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=1&cursor=" + shipped), "cursor",
                "belongs to another list");
        assertThat(app.http.get("/orders/status/SHIPPED?cursor=" + shipped).status()).isEqualTo(200);
    }

    @Test
    void a_username_search_needs_1_to_100_characters() {
        assertInvalid(app.http.get("/orders/search/username"), "username", "is required");
        assertInvalid(app.http.get("/orders/search/username?username="), "username", "is required");
        assertInvalid(app.http.get("/orders/search/username?username=" + "x".repeat(101)), "username",
                "must be at most 100 characters, was 101");
        assertThat(app.http.get("/orders/search/username?username=" + "x".repeat(100)).status()).isEqualTo(200);
    }

    @Test
    void a_username_with_a_control_character_is_refused() {
        assertInvalid(app.http.get("/orders/search/username?username=a%00b"), "username",
                "must not contain control characters (found U+0000)");
        assertInvalid(app.http.get("/orders/search/username?username=%1B%5B2J"), "username", "control characters");
    }

    @Test
    void a_cursor_whose_position_no_order_can_have_is_refused() {
        String dateRangeList = "created:2026-01-01T00:00:00Z:2026-01-03T00:00:00Z";
        String longAgo = new Cursor(dateRangeList, List.of("-100000-01-01T00:00:00Z", "1")).encode();
        String farAhead = new Cursor(dateRangeList, List.of("+100000-01-01T00:00:00Z", "1")).encode();
        String tiny = new Cursor("amount:1", List.of("1e-999999999", "1")).encode();
        String huge = new Cursor("amount:1", List.of("1e999999999", "1")).encode();

        assertInvalid(app.http.get("/orders/date-range?from=2026-01-01&to=2026-01-02&cursor=" + longAgo), "cursor",
                "is not a cursor from this API");
        assertInvalid(app.http.get("/orders/date-range?from=2026-01-01&to=2026-01-02&cursor=" + farAhead), "cursor",
                "is not a cursor from this API");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=1&cursor=" + tiny), "cursor",
                "is not a cursor from this API");
        assertInvalid(app.http.get("/orders/amount-greater-than?amount=1&cursor=" + huge), "cursor",
                "is not a cursor from this API");
    }

    @Test
    void a_malformed_consistency_token_is_refused() {
        for (String token : new String[]{"yesterday", "1", "1:0", "0:1", "a:b", "1:2:3", "", "+1:1"}) {
            assertInvalid(app.http.get("/orders/1", "Consistency-Token", token), "Consistency-Token",
                    "must be a token from a command response");
        }
        assertInvalid(app.http.get("/orders", "Consistency-Token", "x"), "Consistency-Token", "must be a token");
        assertInvalid(app.http.get("/orders/statistics", "Consistency-Token", "x"), "Consistency-Token",
                "must be a token");
    }

    @Test
    void every_invalid_field_is_listed_at_once() {
        HttpJson.Response response = app.http.get("/orders/date-range?from=soon&limit=0&cursor=***");

        assertProblem(response, 400);
        assertThat(response.json().get("errors")).extracting(error -> error.get("field").asText())
                .containsExactlyInAnyOrder("from", "to", "limit", "cursor");
    }

    @Test
    void unknown_routes_and_methods_are_problems_too() {
        assertProblem(app.http.get("/nope"), 404);
        assertProblem(app.http.delete("/orders/1"), 405);
    }

    @Test
    void headers_or_a_request_line_over_8_kb_are_refused_with_a_problem_the_document_lists() {
        assertProblem(app.http.get("/orders", "X-Padding", "x".repeat(10_000)), 431);
        assertProblem(app.http.get("/orders/search/username?username=" + "a".repeat(10_000)), 414);
    }

    private static String nextCursor(String path) {
        HttpJson.Response page = app.http.get(path);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.json().get("nextCursor").isTextual()).as(path + " has a next page").isTrue();
        return page.field("nextCursor");
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
