package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.acme.orders.platform.http.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that ends before its {@code Content-Length} or its last chunk, or has a malformed chunk, is the client's
 * fault: a 400 problem, not a 500 logged with a stack trace.
 */
class ReadingABodyThatBreaksOffTest {

    private static RunningHttpApp app;

    @BeforeAll
    static void start() {
        JsonBodies bodies = new JsonBodies(Json.newMapper(), HttpApps.MAX_BODY_BYTES);
        app = RunningHttpApp.start(config -> config.routes.post("/orders", ctx -> ctx.json(bodies.readObject(ctx))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_body_shorter_than_its_content_length_is_a_400() throws Exception {
        RawHttp.Response response = app.sendAndStop("POST /orders HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100", bytes("{\"userId\": 1,"));

        assertProblem(response, 400);
        assertThat(response.text()).contains("could not be read");
    }

    @Test
    void a_chunked_body_without_its_last_chunk_is_a_400() throws Exception {
        RawHttp.Response response = app.sendAndStop("POST /orders HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", bytes("10\r\n{\"userId\": 1"));

        assertProblem(response, 400);
    }

    @Test
    void a_complete_chunk_without_the_last_chunk_is_a_400() throws Exception {
        RawHttp.Response withoutLineEnd = app.sendAndStop("POST /orders HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", bytes("2\r\n{}"));
        RawHttp.Response withLineEnd = app.sendAndStop("POST /orders HTTP/1.1\r\nHost: test\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", bytes("2\r\n{}\r\n"));

        assertProblem(withoutLineEnd, 400);
        assertProblem(withLineEnd, 400);
    }

    @Test
    void a_malformed_chunk_is_a_400() throws Exception {
        RawHttp.Response response = app.send("POST /orders HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", bytes("zz\r\n{}\r\n0\r\n\r\n"));

        assertProblem(response, 400);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
