package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open keep-alive connection costs the server a few kilobytes of heap, not a hundred: a client holding 256
 * orders in flight keeps 256 connections open, and the apps run in 64 MB. Jetty's default header cache (a trie
 * of 1,024 rows of 48 characters per connection, ~98 KB) once filled a command app's old generation with 25 MB
 * under such a client, and full collections ran every second.
 */
class HoldingManyKeepAliveConnectionsTest {

    private static final int CONNECTIONS = 200;
    /** Per open connection, after two requests with the headers a client typically sends. */
    private static final long MAX_BYTES_PER_CONNECTION = 40 * 1024;

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
    void an_open_connection_costs_the_server_a_few_kilobytes() throws Exception {
        warmUp();
        long before = usedHeapAfterCollection();
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawHttp connection = app.connect();
                open.add(connection);
                // Jetty notes the first request's fields and builds its cache of them on the second.
                assertThat(connection.exchange(hello(i), false).status()).isEqualTo(200);
                assertThat(connection.exchange(hello(i + 1), false).status()).isEqualTo(200);
            }
            long perConnection = (usedHeapAfterCollection() - before) / CONNECTIONS;

            assertThat(perConnection).as("heap bytes per open keep-alive connection")
                    .isLessThan(MAX_BYTES_PER_CONNECTION);
        } finally {
            open.forEach(RawHttp::close);
        }
    }

    private static void warmUp() throws Exception {
        try (RawHttp connection = app.connect()) {
            for (int i = 0; i < 20; i++) {
                connection.exchange(hello(i), false);
            }
        }
    }

    private static byte[] hello(int i) {
        return RunningHttpApp.request("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8082\r\nUser-Agent: probe/1.0\r\n"
                + "Accept: application/json\r\nAccept-Encoding: gzip, deflate\r\nConsistency-Token: 4242:" + i
                + "\r\nConnection: keep-alive", new byte[0]);
    }

    private static long usedHeapAfterCollection() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
