package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header value reaches the app exactly as the client sent it, even on a connection that earlier sent a value
 * differing only in case: a bearer token or an entity tag is case-sensitive.
 */
class ReadingHeadersExactlyTest {

    private static RunningHttpApp app;

    @BeforeAll
    static void start() {
        app = RunningHttpApp.start(config -> config.routes.get("/echo",
                ctx -> ctx.result(Objects.toString(ctx.header("Authorization")))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_value_that_differs_only_in_case_from_an_earlier_one_on_the_connection_is_read_as_sent() throws Exception {
        try (RawHttp connection = app.connect()) {
            RawHttp.Response first = connection.exchange(echo("Bearer secret-token"), false);

            RawHttp.Response second = connection.exchange(echo("Bearer SECRET-TOKEN"), false);

            assertThat(first.text()).isEqualTo("Bearer secret-token");
            assertThat(second.text()).isEqualTo("Bearer SECRET-TOKEN");
        }
    }

    private static byte[] echo(String authorization) {
        return RunningHttpApp.request("GET /echo HTTP/1.1\r\nHost: test\r\nAuthorization: " + authorization,
                new byte[0]);
    }

}
