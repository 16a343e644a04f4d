package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.acme.orders.platform.http.ProblemResponses.assertInvalid;
import static com.acme.orders.platform.http.ProblemResponses.assertProblem;
import static com.acme.orders.platform.http.ProblemResponses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON body is UTF-8, exactly one document, without repeated keys; whatever the {@code Content-Type} claims,
 * the answer is a 4xx problem, never a 500.
 */
class ReadingJsonBodiesTest {

    private static final String ORDER = "{\"userId\": 1, \"items\": []}";

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
    void a_charset_other_than_utf_8_is_415_even_one_the_jvm_does_not_know() throws Exception {
        assertProblem(post("application/json; charset=bogus", ORDER.getBytes(StandardCharsets.UTF_8)), 415);
        assertProblem(post("application/json; charset=utf-16", ORDER.getBytes(StandardCharsets.UTF_16)), 415);
        assertProblem(post("application/json; charset", ORDER.getBytes(StandardCharsets.UTF_8)), 415);
        assertThat(post("application/json; charset=\"UTF-8\"", ORDER.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(200);
    }

    @Test
    void bytes_that_are_not_utf_8_are_refused_even_where_the_parser_would_guess() throws Exception {
        byte[] overlongSlash = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] invalidStart = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'};

        assertInvalid(post("application/json", overlongSlash), "body", "not valid UTF-8 (byte 6)");
        assertInvalid(post("application/json", encodedSurrogate), "body", "not valid UTF-8");
        assertInvalid(post("application/json", invalidStart), "body", "not valid UTF-8");
        assertInvalid(post("application/json", ORDER.getBytes(StandardCharsets.UTF_16)), "body", "not valid UTF-8");
    }

    @Test
    void a_byte_order_mark_before_the_json_is_ignored() throws Exception {
        byte[] withMark = ("\uFEFF" + ORDER).getBytes(StandardCharsets.UTF_8);

        RawHttp.Response response = post("application/json", withMark);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(json(response).get("userId").asInt()).isEqualTo(1);
    }

    @Test
    void a_repeated_key_is_refused() throws Exception {
        RawHttp.Response response = post("application/json",
                "{\"userId\": \"x\", \"userId\": 1}".getBytes(StandardCharsets.UTF_8));

        assertInvalid(response, "body", "Duplicate field 'userId'");
    }

    private static RawHttp.Response post(String contentType, byte[] body) throws Exception {
        return app.send("POST /orders HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length, body);
    }
}
