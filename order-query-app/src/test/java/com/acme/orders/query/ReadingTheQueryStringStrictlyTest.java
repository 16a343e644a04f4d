package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query string is read as percent-encoded UTF-8 whatever the request's headers say: what cannot be decoded
 * is refused naming the parameter instead of silently dropped, and a parameter given twice is refused instead
 * of guessed at.
 */
class ReadingTheQueryStringStrictlyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(order(1), order(2), order(3).by(2, "ümit"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_malformed_percent_escape_is_refused_naming_the_parameter() throws Exception {
        assertInvalid(get("/orders?limit=%zz"), "limit", "is not valid percent-encoded UTF-8");
        assertInvalid(get("/orders/status/PENDING?cursor=abc%"), "cursor", "is not valid percent-encoded UTF-8");
        assertInvalid(get("/orders?%zz=1"), "query", "parameter name that is not valid percent-encoded UTF-8");
        assertInvalid(get("/orders/statistics?anything=%zz"), "anything", "is not valid percent-encoded UTF-8");
    }

    @Test
    void escapes_of_bytes_that_are_not_utf_8_are_refused() throws Exception {
        assertInvalid(get("/orders/search/username?username=%ff%fe"), "username", "is not valid percent-encoded UTF-8");
        assertInvalid(get("/orders/search/username?username=%c0%af"), "username", "is not valid percent-encoded UTF-8");
        assertInvalid(get("/orders/search/username?username=%ed%a0%80"), "username",
                "is not valid percent-encoded UTF-8");
    }

    @Test
    void characters_that_are_not_percent_encoded_ascii_are_refused() throws Exception {
        RawHttp.Response invalidBytes = get("/orders/search/username?username=\u00ff\u00fe&limit=1");
        RawHttp.Response validUtf8Unencoded = get("/orders/search/username?username=\u00c3\u00bc");

        assertInvalid(invalidBytes, "username", "is not valid percent-encoded UTF-8");
        assertInvalid(validUtf8Unencoded, "username", "is not valid percent-encoded UTF-8");
    }

    @Test
    void a_parameter_given_twice_is_refused() throws Exception {
        assertInvalid(get("/orders?limit=5&limit=6"), "limit", "must be given once, was given 2 times");
        assertInvalid(get("/orders/search/username?username=a&username=b&username=c"), "username",
                "was given 3 times");
        assertInvalid(get("/orders/date-range?from=2026-01-01&to=2026-01-02&from=2025-01-01"), "from",
                "must be given once");
    }

    @Test
    void the_content_type_of_a_get_does_not_change_how_the_query_is_read() throws Exception {
        RawHttp.Response charsetWithoutValue = get("/orders?limit=1", "Content-Type: text/plain; charset");
        RawHttp.Response unknownCharset = get("/orders?limit=abc", "Content-Type: text/plain; charset=bogus");
        RawHttp.Response otherCharset = get("/orders/search/username?username=%C3%BC",
                "Content-Type: text/plain; charset=UTF-16");

        assertThat(charsetWithoutValue.status()).as(charsetWithoutValue.text()).isEqualTo(200);
        assertInvalid(unknownCharset, "limit", "was 'abc'");
        assertThat(otherCharset.status()).as(otherCharset.text()).isEqualTo(200);
        assertThat(json(otherCharset).at("/orders/0/userUsername").asText()).isEqualTo("ümit");
    }

    @Test
    void plus_and_escaped_plus_still_mean_what_they_always_did() {
        HttpJson.Response spaceForPlus = app.http.get("/orders/date-range?from=2026-11-25T11:00:00+01:00&to=2026-11-26");
        HttpJson.Response escapedPlus = app.http.get("/orders/date-range?from=2026-11-25T11:00:00%2B01:00&to=2026-11-26");

        assertThat(spaceForPlus.status()).as(spaceForPlus.text()).isEqualTo(200);
        assertThat(escapedPlus.json().get("orders")).hasSize(3);
        assertThat(spaceForPlus.json()).isEqualTo(escapedPlus.json());
    }

    private static RawHttp.Response get(String target, String... headers) throws Exception {
        String head = "GET " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close"
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers)) + "\r\n\r\n";
        return RawHttp.send("127.0.0.1", app.app.port(), head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                false, Duration.ofSeconds(10));
    }

    private static void assertInvalid(RawHttp.Response response, String field, String reason) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors")).as(response.text()).anySatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("reason").asText()).contains(reason);
        });
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.text(), e);
        }
    }
}
