package com.acme.orders.query;

import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.acme.orders.testkit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Started before PostgreSQL answers, the app waits for it on its own port (not ready meanwhile), then serves. */
class StartingBeforeTheDatabaseTest {

    private TestDatabase database;
    private URI server;
    private TcpProxy proxy;
    private QueryApp app;

    @BeforeEach
    void reserve() {
        database = TestDatabase.reserveName("query_startup");
        // in front of whichever server the test databases live on
        server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        proxy = TcpProxy.closed(server.getHost(), server.getPort());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        proxy.close();
        database.close();
    }

    @Test
    void the_app_is_not_ready_until_the_database_comes_and_then_serves_on_the_same_port() throws Exception {
        int port = FreePorts.next();
        HttpJson http = HttpJson.local(port);
        String viaProxy = database.jdbcUrl().replace(":" + server.getPort() + "/", ":" + proxy.port() + "/");

        CompletableFuture<QueryApp> starting = CompletableFuture.supplyAsync(() -> QueryApp.start(
                RunningQueryApp.config(database, Map.of("READ_DB_URL", viaProxy, "HTTP_PORT", Integer.toString(port),
                        "DB_STARTUP_TIMEOUT", "60s"))));
        until(() -> answers(http, "/ready", 503), Duration.ofSeconds(20));
        assertThat(starting).isNotDone();

        proxy.resume();
        app = starting.get(60, TimeUnit.SECONDS);

        assertThat(app.port()).isEqualTo(port);
        until(() -> answers(http, "/ready", 200), Duration.ofSeconds(20));
        assertThat(http.get("/orders").status()).isEqualTo(200);
    }

    private static boolean answers(HttpJson http, String path, int status) {
        try {
            return http.get(path).status() == status;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
