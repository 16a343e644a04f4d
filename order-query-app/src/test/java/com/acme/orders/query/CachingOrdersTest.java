package com.acme.orders.query;

import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache serves single orders and statistics until the read model announces a change, and only then
 * reads the database again. Rows written here without a NOTIFY show what the cache holds: the projector never
 * changes a row without one.
 */
class CachingOrdersTest {

    private static final Duration NOTIFICATION = Duration.ofSeconds(5);

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        Samples.awaitListening(app.http);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_second_read_is_served_from_the_near_cache_until_a_change_is_announced() {
        ReadModelOrder placed = order(101);
        app.readModel.saveAndNotify(placed);
        Samples.settle(app);
        assertThat(app.http.get("/orders/101").json().get("version").asLong()).isEqualTo(1);
        double hitsBefore = Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"near\"");

        app.readModel.save(placed.movedTo("CONFIRMED"));
        HttpJson.Response cached = app.http.get("/orders/101");

        assertThat(cached.json().get("version").asLong()).as("unannounced change: still the cached entry").isEqualTo(1);
        assertThat(Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"near\""))
                .isGreaterThan(hitsBefore);

        app.readModel.notifyChanged("101");

        awaitVersion("/orders/101", 2);
        assertThat(Samples.value(app.http, "cache_invalidation_lag_seconds_count")).isGreaterThan(0);
    }

    @Test
    void cached_and_uncached_answers_are_the_same_bytes() {
        app.readModel.saveAndNotify(order(102).by(7, "alice").amount("12.5").items(3).movedTo("CONFIRMED"));
        app.readModel.saveAndNotify(order(103).byUnknownUser(8).withoutAddressOrNotes());

        try (RunningQueryApp uncachedApp = overSameDatabase(Map.of("CACHE_NEAR_MAX_MB", "0"))) {
            for (String path : new String[]{"/orders/102", "/orders/103", "/orders/statistics"}) {
                HttpJson.Response first = app.http.get(path);
                HttpJson.Response second = app.http.get(path);
                HttpJson.Response uncached = uncachedApp.http.get(path);

                assertThat(second.text()).as(path + " cached").isEqualTo(first.text());
                assertThat(uncached.text()).as(path + " without a cache").isEqualTo(first.text());
                assertThat(second.header("Content-Type")).isEqualTo(uncached.header("Content-Type"));
            }
        }
    }

    @Test
    void a_near_hit_answers_with_the_status_headers_and_bytes_of_the_endpoint() {
        app.readModel.saveAndNotify(order(108).by(9, "carol").amount("7.25").items(2).movedTo("CONFIRMED"));
        Samples.settle(app);

        try (RunningQueryApp uncachedApp = overSameDatabase(Map.of("CACHE_NEAR_MAX_MB", "0"))) {
            assertThat(app.http.get("/orders/108").status()).isEqualTo(200);
            double hits = nearHits();
            double answered = requests("200");
            double notModified = requests("304");

            HttpJson.Response hit = app.http.get("/orders/108");
            HttpJson.Response hitUnchanged = app.http.get("/orders/108", "If-None-Match", "\"2\"");
            HttpJson.Response endpoint = uncachedApp.http.get("/orders/108");
            HttpJson.Response endpointUnchanged = uncachedApp.http.get("/orders/108", "If-None-Match", "\"2\"");

            assertThat(nearHits()).as("both answered from memory").isEqualTo(hits + 2);
            assertThat(requests("200")).isEqualTo(answered + 1);
            assertThat(requests("304")).isEqualTo(notModified + 1);
            assertSameAnswer(hit, endpoint);
            assertThat(hitUnchanged.status()).isEqualTo(304);
            assertSameAnswer(hitUnchanged, endpointUnchanged);
        }
    }

    @Test
    void a_token_read_is_never_answered_from_an_entry_older_than_its_version() {
        ReadModelOrder placed = order(104);
        app.readModel.saveAndNotify(placed);
        Samples.settle(app);
        assertThat(app.http.get("/orders/104").json().get("version").asLong()).isEqualTo(1);

        // The new version is committed; its notification is not in yet (here: never), the cache holds version 1.
        app.readModel.save(placed.movedTo("CONFIRMED"));
        HttpJson.Response withToken = app.http.get("/orders/104", "Consistency-Token", "104:2");
        HttpJson.Response withoutToken = app.http.get("/orders/104");

        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.header("Consistency-Status")).contains("consistent");
        assertThat(withToken.json().get("version").asLong()).isEqualTo(2);
        assertThat(withToken.header("ETag")).contains("\"2\"");
        assertThat(withoutToken.json().get("version").asLong()).as("the token read refreshed the entry").isEqualTo(2);
    }

    @Test
    void statistics_are_cached_until_any_order_changes() {
        app.readModel.saveAndNotify(order(105).amount("10"));
        Samples.settle(app);
        long before = app.http.get("/orders/statistics").json().get("totalOrders").asLong();

        app.readModel.save(order(106).amount("20"));
        long unannounced = app.http.get("/orders/statistics").json().get("totalOrders").asLong();
        app.readModel.notifyChanged("106");

        assertThat(unannounced).isEqualTo(before);
        Await.until(() -> app.http.get("/orders/statistics").json().get("totalOrders").asLong() == before + 1,
                NOTIFICATION);
    }

    @Test
    void a_current_etag_is_answered_304_without_a_body_and_an_old_one_gets_the_new_version() {
        ReadModelOrder placed = order(107);
        app.readModel.saveAndNotify(placed.movedTo("CONFIRMED"));
        HttpJson.Response full = app.http.get("/orders/107");

        HttpJson.Response notModified = app.http.get("/orders/107", "If-None-Match", "\"2\"");
        app.readModel.saveAndNotify(placed.movedTo("CONFIRMED").movedTo("PROCESSING"));
        awaitVersion("/orders/107", 3);
        HttpJson.Response changed = app.http.get("/orders/107", "If-None-Match", "\"2\"");

        assertThat(full.header("Cache-Control")).contains("private, no-cache");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.text()).isEmpty();
        assertThat(notModified.header("ETag")).contains("\"2\"");
        assertThat(notModified.header("Cache-Control")).contains("private, no-cache");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).contains("\"3\"");
        assertThat(changed.json().get("version").asLong()).isEqualTo(3);
    }

    /** The same status, body and headers but the date. */
    private static void assertSameAnswer(HttpJson.Response actual, HttpJson.Response expected) {
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.text()).isEqualTo(expected.text());
        Map<String, List<String>> headers = new TreeMap<>(actual.headers().map());
        Map<String, List<String>> expectedHeaders = new TreeMap<>(expected.headers().map());
        headers.remove("date");
        expectedHeaders.remove("date");
        assertThat(headers).isEqualTo(expectedHeaders);
    }

    private static double nearHits() {
        return Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"near\"");
    }

    private static double requests(String status) {
        return Samples.value(app.http, "http_server_requests_seconds_count", "route=\"/orders/{id}\"",
                "status=\"" + status + "\"");
    }

    private static void awaitVersion(String path, long version) {
        Await.until(() -> app.http.get(path).json().get("version").asLong() == version, NOTIFICATION);
    }

    private static RunningQueryApp overSameDatabase(Map<String, String> overrides) {
        return RunningQueryApp.alongside(app, overrides);
    }
}
