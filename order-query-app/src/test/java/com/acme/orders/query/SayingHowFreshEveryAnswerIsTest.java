package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.acme.orders.query.ReadModelOrder.order;
import static com.acme.orders.query.Timed.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query answer says how fresh it is, token or not: the read model's position (the time of the newest
 * event it applied; for a single order also its version) and its lag in milliseconds.
 */
class SayingHowFreshEveryAnswerIsTest {

    private static final List<String> VIEWS = List.of("/orders", "/orders/1", "/orders/user/1",
            "/orders/status/PENDING", "/orders/user/1/status/PENDING", "/orders/date-range?from=2026-11-25&to=2026-11-26",
            "/orders/search/username?username=ali", "/orders/amount-greater-than?amount=1", "/orders/statistics");

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(order(1).movedTo("CONFIRMED"), order(2), order(3));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void every_view_carries_the_time_of_the_newest_applied_event_and_the_lag() {
        Instant newest = app.jdbi.withHandle(handle -> handle.createQuery(
                "SELECT max(updated_at) FROM order_read_models").mapTo(Instant.class).one());

        for (String view : VIEWS) {

            HttpJson.Response response = app.http.get(view);

            assertThat(response.status()).as(view + ": " + response.text()).isEqualTo(200);
            assertThat(response.header("Read-Model-Position")).as(view).contains(newest.toString());
            assertThat(response.header("Read-Model-Lag-Ms")).as(view).hasValueSatisfying(lag ->
                    assertThat(Long.parseLong(lag)).as("events of days ago were applied just now")
                            .isGreaterThan(Duration.ofDays(1).toMillis()));
        }
    }

    @Test
    void a_single_order_carries_its_own_version_and_so_does_a_token_read() {
        HttpJson.Response plain = app.http.get("/orders/1");
        HttpJson.Response withToken = app.http.get("/orders/1", "Consistency-Token", "1:2");

        assertThat(plain.header("Read-Model-Version")).contains("2");
        assertThat(withToken.header("Read-Model-Version")).contains("2");
        assertThat(withToken.header("Consistency-Status")).contains("consistent");
        assertThat(withToken.header("Read-Model-Position")).isPresent();
        assertThat(withToken.header("Read-Model-Lag-Ms")).isPresent();
    }

    @Test
    void the_position_moves_on_when_the_read_model_applies_a_newer_event() {
        ReadModelOrder later = order(50);
        app.readModel.save(later);
        pause(150);

        HttpJson.Response response = app.http.get("/orders?limit=1");

        assertThat(response.header("Read-Model-Position")).contains(later.updatedAt().toString());
    }

    @Test
    void an_empty_read_model_says_it_has_no_position_yet() {
        try (RunningQueryApp empty = RunningQueryApp.start()) {

            HttpJson.Response response = empty.http.get("/orders");

            assertThat(response.header("Read-Model-Position")).contains("none");
            assertThat(response.header("Read-Model-Lag-Ms")).contains("0");
        }
    }
}
