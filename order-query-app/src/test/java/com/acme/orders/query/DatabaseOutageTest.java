package com.acme.orders.query;

import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static com.acme.orders.query.Problems.assertProblem;
import static com.acme.orders.query.ReadModelOrder.order;
import static com.acme.orders.query.Timed.inBackground;
import static com.acme.orders.query.Timed.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * While PostgreSQL is unreachable queries get 503 with Retry-After; afterwards reads work again and the change
 * listener is back, so read-your-writes is woken by notifications again.
 */
class DatabaseOutageTest {

    private TestDatabase database;
    private TcpProxy proxy;
    private QueryApp app;
    private HttpJson http;
    private ReadModelRows readModel;

    @BeforeEach
    void start() {
        database = TestDatabase.create("query_outage");
        proxy = TcpProxy.start(database.server().host(), database.server().port());
        String viaProxy = database.jdbcUrl().replace(":" + database.server().port() + "/", ":" + proxy.port() + "/");
        app = QueryApp.start(RunningQueryApp.config(database, Map.of("READ_DB_URL", viaProxy,
                "DB_CONNECT_TIMEOUT", "500ms")));
        http = HttpJson.local(app.port());
        readModel = new ReadModelRows(Jdbi.create(database.jdbcUrl(), database.user(), database.password()));
    }

    @AfterEach
    void stop() {
        app.close();
        proxy.close();
        database.close();
    }

    @Test
    void queries_get_503_while_the_database_is_away_and_work_again_when_it_is_back() {
        ReadModelOrder placed = order(1);
        readModel.save(placed);
        await(() -> listenerStatus().equals("UP"));

        proxy.cut();
        HttpJson.Response list = http.get("/orders");
        HttpJson.Response one = http.get("/orders/1", "Consistency-Token", "1:2");
        HttpJson.Response ready = http.get("/ready");

        assertProblem(list, 503);
        assertThat(list.header("Retry-After")).contains("5");
        assertProblem(one, 503);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("DOWN");
        await(() -> listenerStatus().equals("DOWN"));

        proxy.resume();
        await(() -> http.get("/orders").status() == 200);
        await(() -> listenerStatus().equals("UP"));
        CompletableFuture<Timed> request = inBackground(() -> http.get("/orders/1", "Consistency-Token", "1:2"));
        pause(300);
        readModel.saveAndNotify(placed.movedTo("CONFIRMED"));
        Timed answered = request.join();

        assertThat(answered.response().header("Consistency-Status")).contains("consistent");
        assertThat(answered.elapsed()).isLessThan(Duration.ofMillis(1_500));
    }

    private String listenerStatus() {
        return http.get("/ready").json().at("/checks/changeListener/status").asText();
    }

    private static void await(BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(15));
    }
}
