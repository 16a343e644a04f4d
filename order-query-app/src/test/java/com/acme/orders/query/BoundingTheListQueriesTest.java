package com.acme.orders.query;

import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.acme.orders.query.Problems.assertProblem;
import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The list views read through a pool of their own ({@code DB_LIST_POOL_SIZE}): at most that many list statements
 * run at once, one more waits for a connection up to {@code DB_CONNECT_TIMEOUT} and then gets a 503 with
 * {@code Retry-After}; statistics and single orders keep the main pool and are not held up by the lists.
 */
class BoundingTheListQueriesTest {

    @Test
    void a_list_request_beyond_the_bound_waits_then_gets_a_503_while_statistics_still_answer() throws Exception {
        try (RunningQueryApp app = RunningQueryApp.start(Map.of("DB_LIST_POOL_SIZE", "1", "DB_CONNECT_TIMEOUT",
                "500ms")); Handle locker = app.jdbi.open()) {
            app.readModel.save(order(1));
            // A list statement blocked on this lock holds the only list connection until the lock goes.
            locker.begin();
            locker.execute("LOCK TABLE order_read_models IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<HttpJson.Response> holding = CompletableFuture.supplyAsync(() -> app.http.get("/orders"));
            Await.until(() -> statementsWaitingOnALock(app) == 1, Duration.ofSeconds(10));

            CompletableFuture<HttpJson.Response> beyond = CompletableFuture.supplyAsync(() ->
                    app.http.get("/orders/status/PENDING"));
            HttpJson.Response refused = beyond.get(5, TimeUnit.SECONDS);
            HttpJson.Response statistics = app.http.get("/orders/statistics");
            locker.rollback();

            assertProblem(refused, 503);
            assertThat(refused.header("Retry-After")).isPresent();
            assertThat(refused.json().get("detail").asText()).contains("busy");
            assertThat(statistics.status()).as(statistics.text()).isEqualTo(200);
            HttpJson.Response held = holding.get(10, TimeUnit.SECONDS);
            assertThat(held.status()).as(held.text()).isEqualTo(200);
            assertThat(held.json().at("/orders/0/id").asLong()).isEqualTo(1);
        }
    }

    @Test
    void the_bound_defaults_to_the_processors_and_must_be_positive() {
        assertThat(QueryConfig.fromEnv(new Env(Map.of())).listPoolSize())
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(QueryConfig.fromEnv(new Env(Map.of("DB_LIST_POOL_SIZE", "3"))).listDb().poolSize()).isEqualTo(3);
        assertThatThrownBy(() -> QueryConfig.fromEnv(new Env(Map.of("DB_LIST_POOL_SIZE", "0"))))
                .hasMessageContaining("DB_LIST_POOL_SIZE");
    }

    /** The app's statements, of either pool, that wait for a lock. */
    private static long statementsWaitingOnALock(RunningQueryApp app) {
        return app.jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND application_name LIKE 'order-query%'
                          AND wait_event_type = 'Lock'""")
                .mapTo(Long.class).one());
    }
}
