package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static com.acme.orders.query.ListingOrdersTest.ids;
import static com.acme.orders.query.ReadModelOrder.order;
import static com.acme.orders.query.Timed.inBackground;
import static com.acme.orders.query.Timed.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request with a Consistency-Token waits until the read model shows that version, and is woken by the
 * projector's NOTIFY well before the bound (2 s here) runs out.
 */
class ReadingYourOwnWritesTest {

    private static final Duration PROMPTLY = Duration.ofMillis(1_500);

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        awaitListening();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_request_for_a_version_not_yet_projected_is_answered_as_soon_as_it_is_notified() {
        ReadModelOrder placed = order(42);
        app.readModel.save(placed);

        CompletableFuture<Timed> request = inBackground(() -> app.http.get("/orders/42", "Consistency-Token", "42:2"));
        pause(300);
        app.readModel.saveAndNotify(placed.movedTo("CONFIRMED"));
        Timed answered = request.join();

        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().header("Consistency-Status")).contains("consistent");
        assertThat(answered.response().json().get("version").asLong()).isEqualTo(2);
        assertThat(answered.response().json().get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(answered.response().header("ETag")).contains("\"2\"");
        assertThat(answered.elapsed()).as("waited for the update").isGreaterThanOrEqualTo(Duration.ofMillis(250))
                .as("woken by the notification, not the bound").isLessThan(PROMPTLY);
    }

    @Test
    void a_version_already_projected_is_answered_at_once_as_consistent() {
        app.readModel.save(order(43).movedTo("CONFIRMED").movedTo("PROCESSING"));

        Timed older = Timed.of(() -> app.http.get("/orders/43", "Consistency-Token", "43:2"));
        Timed same = Timed.of(() -> app.http.get("/orders/43", "Consistency-Token", "43:3"));

        assertThat(older.response().header("Consistency-Status")).contains("consistent");
        assertThat(older.response().json().get("version").asLong()).isEqualTo(3);
        assertThat(older.elapsed()).isLessThan(Duration.ofMillis(500));
        assertThat(same.response().header("Consistency-Status")).contains("consistent");
        assertThat(same.elapsed()).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void a_request_for_an_order_not_yet_in_the_read_model_waits_for_it_to_appear() {
        CompletableFuture<Timed> request = inBackground(() -> app.http.get("/orders/44", "Consistency-Token", "44:1"));
        pause(300);
        app.readModel.saveAndNotify(order(44));
        Timed answered = request.join();

        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().header("Consistency-Status")).contains("consistent");
        assertThat(answered.elapsed()).isLessThan(PROMPTLY);
    }

    @Test
    void a_notification_for_everything_wakes_every_waiter() {
        ReadModelOrder placed = order(45);
        app.readModel.save(placed);

        CompletableFuture<Timed> request = inBackground(() -> app.http.get("/orders/45", "Consistency-Token", "45:2"));
        pause(300);
        app.readModel.save(placed.movedTo("CANCELLED"));
        app.readModel.notifyChanged("*");
        Timed answered = request.join();

        assertThat(answered.response().header("Consistency-Status")).contains("consistent");
        assertThat(answered.response().json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(answered.elapsed()).isLessThan(PROMPTLY);
    }

    @Test
    void one_notification_listing_several_orders_wakes_each_of_their_waiters() {
        ReadModelOrder first = order(46);
        ReadModelOrder second = order(47);
        app.readModel.save(first, second);

        CompletableFuture<Timed> forFirst = inBackground(() -> app.http.get("/orders/46", "Consistency-Token", "46:2"));
        CompletableFuture<Timed> forSecond =
                inBackground(() -> app.http.get("/orders/47", "Consistency-Token", "47:2"));
        pause(300);
        app.readModel.save(first.movedTo("CONFIRMED"), second.movedTo("CONFIRMED"));
        app.readModel.notifyChanged("46,47");

        for (Timed answered : new Timed[]{forFirst.join(), forSecond.join()}) {
            assertThat(answered.response().header("Consistency-Status")).contains("consistent");
            assertThat(answered.response().json().get("version").asLong()).isEqualTo(2);
            assertThat(answered.elapsed()).isLessThan(PROMPTLY);
        }
    }

    @Test
    void lists_and_statistics_wait_for_the_token_too() {
        ReadModelOrder placed = order(48);
        app.readModel.save(placed);

        CompletableFuture<Timed> list = inBackground(() -> app.http.get("/orders/status/SHIPPED",
                "Consistency-Token", "48:2"));
        CompletableFuture<Timed> statistics = inBackground(() -> app.http.get("/orders/statistics",
                "Consistency-Token", "48:2"));
        pause(300);
        app.readModel.saveAndNotify(placed.movedTo("SHIPPED"));

        Timed listed = list.join();
        assertThat(listed.response().header("Consistency-Status")).contains("consistent");
        assertThat(ids(listed.response())).contains(48L);
        assertThat(listed.elapsed()).isLessThan(PROMPTLY);
        Timed counted = statistics.join();
        assertThat(counted.response().header("Consistency-Status")).contains("consistent");
        assertThat(counted.response().json().at("/countByStatus/SHIPPED").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void after_losing_its_connection_the_listener_reconnects_and_rechecks_every_waiter() {
        ReadModelOrder placed = order(49);
        app.readModel.save(placed);

        CompletableFuture<Timed> request = inBackground(() -> app.http.get("/orders/49", "Consistency-Token", "49:2"));
        pause(300);
        // Without a notification: only the re-check after reconnecting can see this. Saved before the connection is
        // cut: saved after, under load it could commit after the re-check (100 ms later) and the test failed.
        app.readModel.save(placed.movedTo("CONFIRMED"));
        long terminated = app.jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE application_name = 'order-query-listener' AND datname = current_database()""")
                .mapTo(Long.class).one());
        Timed answered = request.join();

        assertThat(terminated).isEqualTo(1);
        assertThat(answered.response().header("Consistency-Status")).contains("consistent");
        assertThat(answered.response().json().get("version").asLong()).isEqualTo(2);
        awaitListening();
    }

    @Test
    void without_a_token_nothing_waits_and_no_consistency_status_is_sent() {
        app.readModel.save(order(50));

        Timed answered = Timed.of(() -> app.http.get("/orders/50"));

        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().header("Consistency-Status")).isEmpty();
    }

    /** Waits until /ready reports the change listener up: the first LISTEN happens just after start-up. */
    private static void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpJson.Response ready;
        do {
            ready = app.http.get("/ready");
            if (ready.json().at("/checks/changeListener/status").asText().equals("UP")) {
                return;
            }
            pause(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the change listener did not come up: " + ready.text());
    }
}
