package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server watches its connections with a selector thread per processor, not Jetty's one per two: the query
 * app answers cached orders on the selector thread itself, and on two cores one selector answered them all.
 */
class WatchingConnectionsOnEveryProcessorTest {

    private static RunningHttpApp app;

    @BeforeAll
    static void start() {
        app = RunningHttpApp.start(config -> config.routes.get("/hello", ctx -> ctx.result("hello")));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void its_one_connector_has_a_selector_per_processor_and_answers_on_the_port() throws Exception {
        Connector[] connectors = app.jetty().getConnectors();

        RawHttp.Response answer = app.send("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close", new byte[0]);

        assertThat(connectors).hasSize(1);
        assertThat(connectors[0]).isInstanceOf(ServerConnector.class);
        assertThat(((ServerConnector) connectors[0]).getSelectorManager().getSelectorCount())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(answer.text()).isEqualTo("hello");
    }
}
