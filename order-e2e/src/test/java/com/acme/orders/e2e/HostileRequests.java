package com.acme.orders.e2e;

import com.acme.orders.e2e.HostileRequest.App;
import com.acme.orders.e2e.HostileRequest.Framing;
import com.acme.orders.e2e.HostileRequest.Http;
import com.acme.orders.e2e.HostileRequest.Raw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A deterministic storm of requests that must all be refused, spread over every endpoint of both apps plus
 * unknown routes, wrong methods and malformed HTTP. The same seed and data give the same requests.
 */
final class HostileRequests {

    static final String UNKNOWN_ROUTE = "unknown route";
    static final String WRONG_METHOD = "wrong method";
    static final String MALFORMED_HTTP = "malformed HTTP";

    /** The table's rows, in this order. */
    static final List<String> ENDPOINTS = List.of(HostileCommands.CREATE, HostileCommands.CHANGE_STATUS,
            HostileCommands.DELETE, HostileQueries.LIST, HostileQueries.ONE, HostileQueries.OF_USER,
            HostileQueries.IN_STATUS, HostileQueries.OF_USER_IN_STATUS, HostileQueries.DATE_RANGE,
            HostileQueries.STATISTICS, HostileQueries.BY_USERNAME, HostileQueries.ABOVE_AMOUNT, UNKNOWN_ROUTE,
            WRONG_METHOD, MALFORMED_HTTP);

    private static final List<String> QUERY_VIEWS = List.of("/orders", "/orders/5", "/orders/user/101",
            "/orders/status/PENDING", "/orders/user/101/status/PENDING", "/orders/date-range?from=2026-01-01&to=2026-12-31",
            "/orders/statistics", "/orders/search/username?username=a", "/orders/amount-greater-than?amount=1");
    private static final List<String> UNKNOWN_QUERY_PATHS = List.of("/nope", "/orders/1/items", "/orders/1/status/extra",
            "/admin", "/.env", "/orders/user/1/status", "/ORDERS", "/orders/statistics/1", "/api/orders", "/orders/1/2/3",
            "/index.html", "/favicon.ico", "/openapi.yaml", "/metrics/extra", "/orders/search/email?email=a",
            "/orders/date-range/2026", "/%2e%2e/%2e%2e/etc/passwd", "/orders/..%2f..%2fetc%2fpasswd", "/wp-login.php",
            "/orders/user/1/status/PENDING/x", "/health/../orders", "/orders%2F1", "//orders");
    private static final List<String> UNKNOWN_COMMAND_PATHS = List.of("/order", "/orders/1/cancel", "/orders/1/state",
            "/orders/1/items", "/api/orders", "//orders", "/orders/1/status/x", "/ORDERS", "/orders/user/1");

    private final Hostility hostility;
    private final HostileCommands commands;
    private final HostileQueries queries;
    private final List<HostileRequest> requests = new ArrayList<>();

    private HostileRequests(long seed, KnownData known) {
        this.hostility = new Hostility(seed);
        this.commands = new HostileCommands(hostility, known);
        this.queries = new HostileQueries(hostility, known);
    }

    /** About 10,150 requests in random order, so that the clients mix endpoints the whole time. */
    static List<HostileRequest> generate(long seed, KnownData known) {
        return new HostileRequests(seed, known).generate();
    }

    private List<HostileRequest> generate() {
        repeat(1_900, commands::create);
        repeat(1_250, commands::changeStatus);
        repeat(700, commands::delete);
        repeat(650, queries::list);
        repeat(600, queries::one);
        repeat(550, queries::ofUser);
        repeat(550, queries::inStatus);
        repeat(550, queries::ofUserInStatus);
        repeat(600, queries::dateRange);
        repeat(450, queries::statistics);
        repeat(600, queries::byUsername);
        repeat(550, queries::aboveAmount);
        repeat(400, this::unknownRoute);
        repeat(500, this::wrongMethod);
        repeat(300, this::malformedHttp);
        for (boolean chunked : List.of(false, true)) {
            requests.add(commands.tenMegabytes(true, chunked, true));
            requests.add(commands.tenMegabytes(false, chunked, true));
        }
        requests.add(commands.tenMegabytes(true, false, false));
        requests.add(commands.tenMegabytes(true, true, false));
        return hostility.shuffled(requests);
    }

    private void repeat(int times, Supplier<HostileRequest> request) {
        for (int i = 0; i < times; i++) {
            requests.add(request.get());
        }
    }

    private HostileRequest unknownRoute() {
        if (hostility.chance(0.6)) {
            String path = hostility.pick(UNKNOWN_QUERY_PATHS);
            return new HostileRequest(UNKNOWN_ROUTE, path, App.QUERY, new Http("GET", path, List.of(), new byte[0],
                    Framing.LENGTH, false));
        }
        String path = hostility.pick(UNKNOWN_COMMAND_PATHS);
        String method = hostility.pick(List.of("POST", "PUT", "DELETE"));
        // An empty object: even a route that unexpectedly matched would refuse it.
        return new HostileRequest(UNKNOWN_ROUTE, method + " " + path, App.COMMAND, new Http(method, path,
                List.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), Framing.LENGTH,
                false));
    }

    private HostileRequest wrongMethod() {
        if (hostility.chance(0.5)) {
            String method = hostility.pick(List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO",
                    "PROPFIND", "CONNECT", "get", "Delete"));
            String path = hostility.pick(QUERY_VIEWS);
            return new HostileRequest(WRONG_METHOD, method + " on a view", App.QUERY, new Http(method, path,
                    List.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), Framing.LENGTH,
                    false));
        }
        List<String> methodAndPath = hostility.pick(List.of(List.of("GET", "/orders"), List.of("GET", "/orders/5"),
                List.of("GET", "/orders/5/status"), List.of("PUT", "/orders"), List.of("DELETE", "/orders"),
                List.of("POST", "/orders/5"), List.of("PUT", "/orders/5"), List.of("POST", "/orders/5/status"),
                List.of("DELETE", "/orders/5/status"), List.of("PATCH", "/orders/5"), List.of("PATCH", "/orders"),
                List.of("OPTIONS", "/orders"), List.of("TRACE", "/orders/5"), List.of("FOO", "/orders"),
                List.of("post", "/orders"), List.of("delete", "/orders/5"), List.of("POST", "/health"),
                List.of("DELETE", "/ready"), List.of("PUT", "/metrics"), List.of("POST", "/openapi.json")));
        return new HostileRequest(WRONG_METHOD, methodAndPath.get(0) + " " + methodAndPath.get(1), App.COMMAND,
                new Http(methodAndPath.get(0), methodAndPath.get(1), List.of("Content-Type", "application/json"),
                        "{}".getBytes(StandardCharsets.UTF_8), Framing.LENGTH, false));
    }

    /**
     * Requests that break HTTP itself, answered by Jetty before the app. Each also aims at a refused request (a
     * query with limit=0, an empty order), so that a lenient parser would still not let it through.
     */
    private HostileRequest malformedHttp() {
        String refused = "/orders?limit=0";
        String get = "GET " + refused + " HTTP/1.1\r\n";
        String host = "Host: {host}\r\n";
        String close = "Connection: close\r\n";
        String emptyOrder = "POST /orders HTTP/1.1\r\n" + host + close + "Content-Type: application/json\r\n";
        List<String> texts = List.of(
                "HELLO\r\n\r\n",
                "GET\r\n\r\n",
                "GET " + refused + " HTTP/1.1 extra\r\n" + host + close + "\r\n",
                "GET " + refused + " HTTP/1.1\r\n" + close + "\r\n",
                get + host + "Host: other.example\r\n" + close + "\r\n",
                get + "Host: ' OR 1=1\r\n" + close + "\r\n",
                get + "Host:\r\n" + close + "\r\n",
                get + host + "X-Without-Colon\r\n" + close + "\r\n",
                get + host + "X Space: b\r\n" + close + "\r\n",
                get + host + "X-Control: a\u0001b\r\n" + close + "\r\n",
                get + host + "X-Folded: a\r\n b\r\n" + close + "\r\n",
                get + " Host: {host}\r\n" + close + "\r\n",
                get.replace("\r\n", "\n") + host.replace("\r\n", "\n") + "\n",
                get + host + close + "X-Many: v\r\n".repeat(hostility.between(100, 400)) + "\r\n",
                get + host + close + "X-Long: " + "v".repeat(hostility.between(9_000, 20_000)) + "\r\n\r\n",
                get + host + close + "X" + "n".repeat(10_000) + ": v\r\n\r\n",
                "GET /orders?limit=" + "9".repeat(hostility.between(9_000, 30_000)) + " HTTP/1.1\r\n" + host + close
                        + "\r\n",
                "GET /orders/\u00ff\u00fe HTTP/1.1\r\n" + host + close + "\r\n",
                "GET /orders/search/username?username=\u00ff\u00fe&limit=0 HTTP/1.1\r\n" + host + close + "\r\n",
                "GET /orders/search/username?username=\u00c3\u00bc HTTP/1.1\r\n" + host + close + "\r\n",
                "GET /orders\u0000 HTTP/1.1\r\n" + host + close + "\r\n",
                "GET http://evil.example" + refused + " HTTP/1.1\r\n" + host + close + "\r\n",
                "GET * HTTP/1.1\r\n" + host + close + "\r\n",
                "get " + refused + " HTTP/1.1\r\n" + host + close + "\r\n",
                "GET " + refused + " http/1.1\r\n" + host + close + "\r\n",
                "GET " + refused + " HTTP/1.0\r\n\r\n",
                "GET " + refused + " HTTP/2.0\r\n" + host + "\r\n",
                emptyOrder + "Content-Length: abc\r\n\r\n{}",
                emptyOrder + "Content-Length: -1\r\n\r\n{}",
                emptyOrder + "Content-Length: 99999999999999999999\r\n\r\n{}",
                emptyOrder + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}",
                emptyOrder + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                emptyOrder + "Transfer-Encoding: gzip\r\n\r\n{}",
                emptyOrder + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                emptyOrder + "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
                emptyOrder + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{}\r\n0\r\n\r\n");
        String text = hostility.pick(texts);
        App app = text.contains("POST /orders") ? App.COMMAND : App.QUERY;
        String first = text.split("[\r\n]", 2)[0];
        return new HostileRequest(MALFORMED_HTTP, first.length() > 60 ? first.substring(0, 60) + "…" : first, app,
                new Raw(text.getBytes(StandardCharsets.ISO_8859_1), false));
    }
}
