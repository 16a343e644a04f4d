package com.acme.orders.platform.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.acme.orders.platform.http.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Jetty refuses before the app sees it (a URI it cannot decode, a malformed request head, a header or URI
 * too large) is a problem document like every other refusal, not Jetty's HTML error page.
 */
class AnsweringProtocolErrorsWithProblemsTest {

    private static final byte[] NO_BODY = new byte[0];

    private static RunningHttpApp app;

    @BeforeAll
    static void start() {
        app = RunningHttpApp.start(config -> config.routes.get("/orders/{id}", ctx -> ctx.result(ctx.pathParam("id"))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_uri_jetty_cannot_decode_is_a_400_problem() throws Exception {
        assertProblem(app.send("GET /orders/%zz HTTP/1.1\r\nHost: test", NO_BODY), 400);
        assertProblem(app.send("GET /orders/%ff%fe HTTP/1.1\r\nHost: test", NO_BODY), 400);
        assertProblem(app.send("GET /orders/%00 HTTP/1.1\r\nHost: test", NO_BODY), 400);
        assertProblem(app.send("GET /orders/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: test", NO_BODY), 400);
        assertProblem(app.send("GET /orders/1 2 HTTP/1.1\r\nHost: test", NO_BODY), 400);
    }

    @Test
    void a_malformed_request_head_is_a_400_problem() throws Exception {
        assertProblem(app.send("GET /orders/1 HTTP/1.1", NO_BODY), 400);
        assertProblem(app.send("F@@ /orders/1 HTTP/1.1\r\nHost: test", NO_BODY), 400);
        assertProblem(app.send("GET /orders/1 HTTP/1.1\r\nHost: test\r\nX-Bad: a\u0001b", NO_BODY), 400);
        assertProblem(app.send("POST /orders/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\nContent-Length: 2",
                "ab".getBytes(StandardCharsets.US_ASCII)), 400);
    }

    @Test
    void a_header_or_uri_too_large_is_a_4xx_problem() throws Exception {
        assertProblem(app.send("GET /orders/1 HTTP/1.1\r\nHost: test\r\nIdempotency-Key: " + "k".repeat(20_000),
                NO_BODY), 431);
        assertProblem(app.send("GET /orders/" + "1".repeat(20_000) + " HTTP/1.1\r\nHost: test", NO_BODY), 414);
    }

    @Test
    void the_problem_names_jettys_reason_but_never_a_cause() throws Exception {
        String text = app.send("GET /orders/%ff%fe HTTP/1.1\r\nHost: test", NO_BODY).text();

        assertThat(text).contains("\"title\":\"Bad Request\"").doesNotContain("Caused").doesNotContain("org.eclipse");
    }
}
