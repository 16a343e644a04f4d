package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.Map;

import static com.acme.orders.command.OutboxRelayTest.await;
import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** While PostgreSQL is unreachable commands get 503 with Retry-After; afterwards everything works again. */
@ExtendWith(SharedKafka.class)
class DatabaseOutageTest {

    private TestDatabase database;
    private TcpProxy proxy;
    private CommandApp app;
    private HttpJson http;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        database = TestDatabase.create("outage");
        proxy = TcpProxy.start(database.server().host(), database.server().port());
        String viaProxy = database.jdbcUrl().replace(":" + database.server().port() + "/", ":" + proxy.port() + "/");
        CommandConfig config = RunningCommandApp.config(database, kafka,
                Map.of("WRITE_DB_URL", viaProxy, "DB_CONNECT_TIMEOUT", "500ms"));
        app = CommandApp.start(config, Clock.systemUTC());
        http = HttpJson.local(app.port());
    }

    @AfterEach
    void stop() {
        app.close();
        proxy.close();
        database.close();
    }

    @Test
    void commands_get_503_with_retry_after_while_the_database_is_away_and_work_again_when_it_is_back() {
        HttpJson.Response acknowledged = http.post("/orders", anOrder());
        assertThat(acknowledged.status()).isEqualTo(201);

        proxy.cut();
        HttpJson.Response create = http.post("/orders", anOrder());
        HttpJson.Response update = http.put("/orders/" + acknowledged.field("id") + "/status", "{\"status\": \"CONFIRMED\"}");
        HttpJson.Response ready = http.get("/ready");

        assertThat(create.status()).isEqualTo(503);
        assertThat(create.header("Retry-After")).contains("5");
        assertThat(create.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(create.field("detail")).contains("database");
        assertThat(update.status()).isEqualTo(503);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("DOWN");

        proxy.resume();
        await(() -> http.post("/orders", anOrder()).status() == 201);

        assertThat(http.put("/orders/" + acknowledged.field("id") + "/status", "{\"status\": \"CONFIRMED\"}").status())
                .as("the write acknowledged before the outage is still there").isEqualTo(200);
        assertThat(http.get("/ready").status()).isEqualTo(200);
    }
}
