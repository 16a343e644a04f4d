package com.acme.orders.e2e;

import com.acme.orders.e2e.HostileRequest.App;
import com.acme.orders.e2e.HostileRequest.Framing;
import com.acme.orders.e2e.HostileRequest.Http;
import com.acme.orders.e2e.KnownData.SeededOrder;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.acme.orders.e2e.Hostility.encode;

/**
 * Hostile reads of all nine views: each carries at least one defect the query app must refuse (a bad path
 * parameter, a bad or repeated query parameter, a cursor it did not issue for that list, an undecodable query
 * string, a malformed {@code Consistency-Token}, an order it does not have), plus optional noise: SQL and odd
 * Unicode where they are valid, unknown parameters, garbage headers.
 */
final class HostileQueries {

    static final String LIST = "GET /orders";
    static final String ONE = "GET /orders/{id}";
    static final String OF_USER = "GET /orders/user/{userId}";
    static final String IN_STATUS = "GET /orders/status/{status}";
    static final String OF_USER_IN_STATUS = "GET /orders/user/{userId}/status/{status}";
    static final String DATE_RANGE = "GET /orders/date-range";
    static final String STATISTICS = "GET /orders/statistics";
    static final String BY_USERNAME = "GET /orders/search/username";
    static final String ABOVE_AMOUNT = "GET /orders/amount-greater-than";

    private static final List<String> STATUSES = List.of("PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED",
            "CANCELLED");
    private static final List<String> UNDECODABLE = List.of("x=%zz", "%zz", "%ff=1", "q=%c0%af", "a=%ed%a0%80", "b=%",
            "c=%u0041", "d=%F0%9F%98", "e=%%", "f=%0");

    private final Hostility hostility;
    private final KnownData known;

    HostileQueries(Hostility hostility, KnownData known) {
        this.hostility = hostility;
        this.known = known;
    }

    HostileRequest list() {
        Query query = new Query(LIST, "/orders");
        listDefect(query);
        return query.build();
    }

    HostileRequest one() {
        SeededOrder order = hostility.pick(known.active());
        Query query = new Query(ONE, "/orders/" + order.id());
        switch (hostility.between(0, 5)) {
            case 0, 1 -> query.path("/orders/" + hostility.pick(Hostility.BAD_IDS), "bad id");
            case 2 -> query.path("/orders/" + (1_000_000 + hostility.between(0, 1_000_000)), "unknown order");
            case 3 -> query.path("/orders/" + hostility.pick(known.deleted()).id(), "deleted order");
            case 4 -> tokenDefect(query);
            default -> undecodable(query);
        }
        if (hostility.chance(0.02)) {
            // A well-formed token, for another order the read model will never have: waits out the bound, then
            // 404. Not a token for the asked id: that one proves the order exists and gets a 202 (issue 14).
            long unknown = 2_000_000 + hostility.between(0, 1_000_000);
            query.path("/orders/" + unknown, "unknown order awaited with a token for another order");
            query.header("Consistency-Token", (unknown + 1_000_000) + ":1");
        }
        return query.build();
    }

    HostileRequest ofUser() {
        Query query = new Query(OF_USER, "/orders/user/" + user());
        if (hostility.chance(0.4)) {
            query.path("/orders/user/" + hostility.pick(Hostility.BAD_IDS), "bad userId");
        } else {
            listDefect(query);
        }
        return query.build();
    }

    HostileRequest inStatus() {
        Query query = new Query(IN_STATUS, "/orders/status/" + hostility.pick(STATUSES));
        if (hostility.chance(0.4)) {
            query.path("/orders/status/" + hostility.pick(Hostility.BAD_STATUSES), "bad status");
        } else {
            listDefect(query);
        }
        return query.build();
    }

    HostileRequest ofUserInStatus() {
        String user = Long.toString(user());
        String status = hostility.pick(STATUSES);
        Query query = new Query(OF_USER_IN_STATUS, "/orders/user/" + user + "/status/" + status);
        switch (hostility.between(0, 3)) {
            case 0 -> query.path("/orders/user/" + hostility.pick(Hostility.BAD_IDS) + "/status/" + status,
                    "bad userId");
            case 1 -> query.path("/orders/user/" + user + "/status/" + hostility.pick(Hostility.BAD_STATUSES),
                    "bad status");
            case 2 -> query.path("/orders/user/" + hostility.pick(Hostility.BAD_IDS) + "/status/"
                    + hostility.pick(Hostility.BAD_STATUSES), "bad userId and status");
            default -> listDefect(query);
        }
        return query.build();
    }

    HostileRequest dateRange() {
        Query query = new Query(DATE_RANGE, "/orders/date-range");
        List<String> range = validRange();
        switch (hostility.between(0, 6)) {
            case 0 -> query.defect("from=" + hostility.pick(Hostility.BAD_DATES), "bad from")
                    .param("to=" + range.get(1));
            case 1 -> query.param("from=" + range.get(0))
                    .defect("to=" + hostility.pick(Hostility.BAD_DATES), "bad to");
            case 2 -> {
                if (hostility.chance(0.5)) {
                    query.param("from=" + range.get(0));
                } else if (hostility.chance(0.5)) {
                    query.param("to=" + range.get(1));
                }
                query.defect("", "from or to missing");
            }
            case 3 -> query.defect("from=" + range.get(1), "from after to").param("to=" + range.get(0));
            case 4 -> query.param("from=" + range.get(0)).param("to=" + range.get(1))
                    .defect((hostility.chance(0.5) ? "from=" + range.get(0) : "to=" + range.get(1)), "from or to twice");
            default -> {
                query.param("from=" + range.get(0)).param("to=" + range.get(1));
                listDefect(query);
            }
        }
        return query.build();
    }

    HostileRequest statistics() {
        Query query = new Query(STATISTICS, "/orders/statistics");
        if (hostility.chance(0.5)) {
            tokenDefect(query);
        } else {
            undecodable(query);
        }
        return query.build();
    }

    HostileRequest byUsername() {
        Query query = new Query(BY_USERNAME, "/orders/search/username");
        switch (hostility.between(0, 4)) {
            case 0, 1 -> query.defect("username=" + hostility.pick(Hostility.BAD_USERNAMES), "bad username");
            case 2 -> query.defect(hostility.chance(0.5) ? "" : "username", "username missing");
            case 3 -> query.param("username=" + validUsername()).defect("username=" + validUsername(), "username twice");
            default -> {
                query.param("username=" + validUsername());
                listDefect(query);
            }
        }
        return query.build();
    }

    HostileRequest aboveAmount() {
        Query query = new Query(ABOVE_AMOUNT, "/orders/amount-greater-than");
        String valid = hostility.pick(List.of("0", "0.00", "10", "99.99", "1e2", "9223372036854775808", "0.000001"));
        switch (hostility.between(0, 4)) {
            case 0, 1 -> query.defect("amount=" + hostility.pick(Hostility.BAD_AMOUNTS), "bad amount");
            case 2 -> query.defect("", "amount missing");
            case 3 -> query.param("amount=" + valid).defect("amount=" + valid, "amount twice");
            default -> {
                query.param("amount=" + valid);
                listDefect(query);
            }
        }
        return query.build();
    }

    /** A defect every list view refuses: its paging parameters, its token, its query string. */
    private void listDefect(Query query) {
        switch (hostility.between(0, 5)) {
            case 0, 1 -> query.defect("limit=" + hostility.pick(Hostility.BAD_LIMITS), "bad limit");
            case 2 -> query.param("limit=" + hostility.between(1, 500)).defect("limit=" + hostility.between(1, 500),
                    "limit twice");
            case 3 -> badCursor(query);
            case 4 -> tokenDefect(query);
            default -> undecodable(query);
        }
    }

    private void badCursor(Query query) {
        switch (hostility.between(0, 4)) {
            case 0 -> query.defect("cursor=" + hostility.randomBase64(), "random base64 cursor");
            case 1 -> query.defect("cursor=" + truncated(hostility.pick(List.copyOf(known.cursors().values()))),
                    "truncated cursor");
            case 2 -> {
                List<Map.Entry<String, String>> foreign = known.cursors().entrySet().stream()
                        .filter(cursor -> !template(cursor.getKey()).equals(query.endpoint)).toList();
                Map.Entry<String, String> cursor = hostility.pick(foreign);
                query.defect("cursor=" + cursor.getValue(), "cursor of " + template(cursor.getKey()));
            }
            case 3 -> query.defect("cursor=" + hostility.pick(List.of("", "***", "%27%20OR%201%3D1%20--", "A".repeat(1_001),
                    Hostility.base64("orders|abc"), Hostility.base64("orders|"), Hostility.base64("orders|1|2"),
                    Hostility.base64("|1"), Hostility.base64("hello"), Hostility.base64("orders|%zz"),
                    Hostility.base64("nope:list|1"))), "forged cursor");
            default -> query.param("cursor=" + hostility.randomBase64()).defect("cursor=***", "cursor twice");
        }
    }

    private void tokenDefect(Query query) {
        String token = hostility.pick(Hostility.BAD_TOKENS);
        query.header("Consistency-Token", token);
        query.defect("", "Consistency-Token '" + (token.length() > 20 ? token.substring(0, 20) + "…" : token) + "'");
    }

    private void undecodable(Query query) {
        query.defect(hostility.pick(UNDECODABLE), "undecodable query");
    }

    /** Shorter by enough that its length leaves a lone base64 character, which no decoder accepts. */
    private String truncated(String cursor) {
        List<Integer> lengths = new ArrayList<>();
        for (int length = 1; length < cursor.length(); length += 4) {
            lengths.add(length);
        }
        return lengths.isEmpty() ? "***" : cursor.substring(0, hostility.pick(lengths));
    }

    /** Which view issued a cursor, by the request that returned it. */
    private static String template(String request) {
        if (request.startsWith("/orders/user/")) {
            return request.contains("/status/") ? OF_USER_IN_STATUS : OF_USER;
        }
        if (request.startsWith("/orders/status/")) {
            return IN_STATUS;
        }
        if (request.startsWith("/orders/date-range")) {
            return DATE_RANGE;
        }
        if (request.startsWith("/orders/search/username")) {
            return BY_USERNAME;
        }
        return request.startsWith("/orders/amount-greater-than") ? ABOVE_AMOUNT : LIST;
    }

    private long user() {
        return hostility.chance(0.8) ? hostility.pick(KnownData.KNOWN_USERS) : hostility.between(1, 1_000_000);
    }

    private List<String> validRange() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return hostility.pick(List.of(List.of("2000-01-01", "2099-12-31"),
                List.of(today.minusDays(1).toString(), today.plusDays(1).toString()),
                List.of("2026-01-01T00:00:00Z", "2100-01-01T00:00:00%2B01:00")));
    }

    private String validUsername() {
        String text = hostility.chance(0.5) ? hostility.pick(Hostility.SQL_INJECTIONS)
                : hostility.pick(List.of("a", "ALICE", "\u200b", "\u202eecila", "\uD83D\uDE00", "e\u0301", "%", "_",
                "\\", "\u0130"));
        return encode(text);
    }

    /** One GET being put together: a defect is required before it can be built. */
    private final class Query {

        private final String endpoint;
        private String path;
        private final List<String> params = new ArrayList<>();
        private final List<String> headers = new ArrayList<>();
        private final List<String> defects = new ArrayList<>();

        Query(String endpoint, String path) {
            this.endpoint = endpoint;
            this.path = path;
        }

        Query path(String path, String defect) {
            this.path = path;
            defects.add(defect);
            return this;
        }

        Query param(String param) {
            params.add(param);
            return this;
        }

        /** A parameter that makes the request refused ({@code ""} when the defect is elsewhere or an absence). */
        Query defect(String param, String description) {
            if (!param.isEmpty()) {
                params.add(param);
            }
            defects.add(description);
            return this;
        }

        Query header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        HostileRequest build() {
            if (defects.isEmpty()) {
                throw new IllegalStateException("a hostile query needs a defect: " + path + " " + params);
            }
            if (hostility.chance(0.4)) {
                noise();
            }
            List<String> shuffled = hostility.shuffled(params);
            String target = path + (shuffled.isEmpty() ? "" : "?" + String.join("&", shuffled));
            return new HostileRequest(endpoint, String.join("; ", defects), App.QUERY,
                    new Http("GET", target, headers, new byte[0], Framing.LENGTH, false));
        }

        private void noise() {
            switch (hostility.between(0, 7)) {
                case 0 -> params.add("sort=" + encode(hostility.pick(Hostility.SQL_INJECTIONS)));
                case 1 -> params.add(encode(hostility.pick(Hostility.ODD_TEXT)) + "=1");
                case 2 -> params.addAll(List.of("debug=true", "debug=false", "", "__proto__=x", "a[b]=c"));
                case 3 -> header("If-Match", hostility.pick(Hostility.BAD_IF_MATCH));
                case 4 -> header("Content-Type", hostility.pick(List.of("text/plain; charset",
                        "application/json; charset=bogus", "text/plain; charset=UTF-16", "multipart/form-data")));
                case 5 -> header("Idempotency-Key", hostility.garbage(hostility.between(1, 300)));
                case 6 -> header("Accept", hostility.pick(List.of("text/html", "application/xml;q=0", "*/*;q=abc")));
                default -> header("X-Forwarded-For", hostility.pick(Hostility.SQL_INJECTIONS));
            }
        }
    }
}
