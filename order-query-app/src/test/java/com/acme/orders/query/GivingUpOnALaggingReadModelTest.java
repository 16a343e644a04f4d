package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.acme.orders.query.ListingOrdersTest.ids;
import static com.acme.orders.query.Problems.assertProblem;
import static com.acme.orders.query.ReadModelOrder.order;
import static com.acme.orders.query.Timed.inBackground;
import static com.acme.orders.query.Timed.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the read model does not reach the token's version within CONSISTENCY_WAIT (500 ms here), the request is
 * answered with what the read model has, marked stale.
 */
class GivingUpOnALaggingReadModelTest {

    private static final Duration BOUND = Duration.ofMillis(500);

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start(Map.of("CONSISTENCY_WAIT", "500ms"));
        app.readModel.save(order(1), order(2));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_version_never_projected_is_answered_after_the_bound_with_what_there_is_marked_stale() {
        Timed answered = Timed.of(() -> app.http.get("/orders/1", "Consistency-Token", "1:5"));

        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().header("Consistency-Status")).contains("stale");
        assertThat(answered.response().json().get("version").asLong()).isEqualTo(1);
        assertThat(answered.elapsed()).isGreaterThanOrEqualTo(BOUND.minusMillis(50))
                .isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void an_order_its_token_proves_but_the_read_model_has_not_seen_is_202_with_retry_after() {
        Timed answered = Timed.of(() -> app.http.get("/orders/999", "Consistency-Token", "999:1"));

        HttpJson.Response response = answered.response();
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.header("Consistency-Status")).contains("stale");
        assertThat(response.header("Retry-After")).contains("1");
        assertThat(response.json().get("orderId").asLong()).isEqualTo(999);
        assertThat(answered.elapsed()).isGreaterThanOrEqualTo(BOUND.minusMillis(50));
    }

    @Test
    void an_order_nobody_created_is_still_404_and_a_token_for_another_order_proves_nothing() {
        HttpJson.Response withoutToken = app.http.get("/orders/998");
        HttpJson.Response otherToken = app.http.get("/orders/998", "Consistency-Token", "1:9");

        assertProblem(withoutToken, 404);
        assertProblem(otherToken, 404);
        assertThat(otherToken.header("Consistency-Status")).contains("stale");
    }

    @Test
    void notifications_that_do_not_reach_the_version_do_not_end_the_wait() {
        CompletableFuture<Timed> request = inBackground(() -> app.http.get("/orders/2", "Consistency-Token", "2:2"));
        pause(100);
        app.readModel.notifyChanged("1,3");
        app.readModel.notifyChanged("2");
        app.readModel.notifyChanged("*");
        Timed answered = request.join();

        assertThat(answered.response().header("Consistency-Status")).contains("stale");
        assertThat(answered.elapsed()).isGreaterThanOrEqualTo(BOUND.minusMillis(50));
    }

    @Test
    void a_list_is_answered_stale_too() {
        Timed answered = Timed.of(() -> app.http.get("/orders", "Consistency-Token", "1:9"));

        assertThat(ids(answered.response())).containsExactly(2L, 1L);
        assertThat(answered.response().header("Consistency-Status")).contains("stale");
    }

    @Test
    void waits_are_measured_by_outcome() {
        app.http.get("/orders/1", "Consistency-Token", "1:7");
        app.http.get("/orders/1", "Consistency-Token", "1:1");

        String metrics = app.http.get("/metrics").text();

        assertThat(metrics).containsPattern("read_consistency_wait_seconds_count\\{[^}]*outcome=\"stale\"[^}]*} [1-9]")
                .containsPattern("read_consistency_wait_seconds_count\\{[^}]*outcome=\"consistent\"[^}]*} [1-9]")
                .contains("read_consistency_waiting");
    }
}
