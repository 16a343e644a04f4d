package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.newKey;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class IdempotentCreateTest {

    private static RunningCommandApp app;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_retry_with_the_same_key_and_body_returns_the_first_result() {
        String key = newKey();
        HttpJson.Response first = app.http.post("/orders", anOrder(), "Idempotency-Key", key);

        HttpJson.Response retry = app.http.post("/orders", anOrder(), "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(app.count("SELECT count(*) FROM orders WHERE id = " + first.field("id"))).isEqualTo(1);
    }

    @Test
    void the_retry_returns_the_first_result_even_after_the_order_moved_on() {
        String key = newKey();
        HttpJson.Response first = app.http.post("/orders", anOrder(), "Idempotency-Key", key);
        app.http.put("/orders/" + first.field("id") + "/status", "{\"status\": \"CONFIRMED\"}");

        HttpJson.Response retry = app.http.post("/orders", anOrder(), "Idempotency-Key", key);

        assertThat(retry.json()).isEqualTo(first.json());
    }

    @Test
    void formatting_does_not_make_a_different_request() {
        String key = newKey();
        HttpJson.Response first = app.http.post("/orders", orderJson(5, item("A", 1, "2.50")), "Idempotency-Key", key);

        HttpJson.Response retry = app.http.post("/orders", orderJson(5, item("A", 1, "2.5")).replace(", \"", ",\n  \""),
                "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.field("id")).isEqualTo(first.field("id"));
    }

    @Test
    void the_same_key_with_a_different_body_is_422_and_creates_nothing() {
        String key = newKey();
        app.http.post("/orders", anOrder(), "Idempotency-Key", key);
        long orders = app.count("SELECT count(*) FROM orders");

        HttpJson.Response other = app.http.post("/orders", orderJson(99, item("Z", 1, "1.00")), "Idempotency-Key", key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.field("detail")).contains(key);
        assertThat(app.count("SELECT count(*) FROM orders")).isEqualTo(orders);
    }

    @Test
    void concurrent_requests_with_one_key_create_exactly_one_order() throws Exception {
        String key = newKey();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<HttpJson.Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(() -> app.http.post("/orders", anOrder(), "Idempotency-Key", key));
        }

        List<HttpJson.Response> responses = new ArrayList<>();
        for (Future<HttpJson.Response> future : pool.invokeAll(attempts)) {
            responses.add(future.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(HttpJson.Response::status).containsOnly(201);
        assertThat(responses).extracting(response -> response.field("id")).containsOnly(responses.get(0).field("id"));
        assertThat(app.count("SELECT count(*) FROM idempotency_keys WHERE key = '" + key + "'")).isEqualTo(1);
        assertThat(app.count("SELECT count(*) FROM orders WHERE id = " + responses.get(0).field("id"))).isEqualTo(1);
    }

    @Test
    void a_malformed_key_is_refused() {
        HttpJson.Response response = app.http.post("/orders", anOrder(), "Idempotency-Key", "x".repeat(300));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    }
}
