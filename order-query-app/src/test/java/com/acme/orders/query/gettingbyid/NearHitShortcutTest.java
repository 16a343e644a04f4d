package com.acme.orders.query.gettingbyid;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.platform.http.ConsistencyToken;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.query.caching.CacheSettings;
import com.acme.orders.query.caching.CachedAnswer;
import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.query.consistency.Freshness;
import com.acme.orders.readmodel.ReadModel;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut in a real Jetty server, in front of a stand-in for the routes that answers {@value #ROUTES_STATUS}:
 * what it answers itself, and what it leaves to the routes, on a request thread.
 */
class NearHitShortcutTest {

    private static final int ROUTES_STATUS = 299;
    private static final byte[] ORDER_7 = "{\"id\":7,\"version\":3}".getBytes(StandardCharsets.UTF_8);
    private static final String TOKEN = "s3cret-token-for-tests";

    private static TestDatabase database;
    private static Jdbi jdbi;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger routed = new AtomicInteger();
    private volatile CountDownLatch routesHeld = new CountDownLatch(0);
    private PrometheusMeterRegistry registry;
    private ReadCache cache;
    private Freshness freshness;
    private Server server;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create("shortcut");
        Postgres.migrate(database.dataSource(), ReadModel.MIGRATIONS);
        jdbi = Jdbi.create(database.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @AfterEach
    void stop() throws Exception {
        routesHeld.countDown();
        if (server != null) {
            server.stop();
        }
        cache.close();
    }

    @Test
    void a_near_hit_is_answered_as_the_endpoint_would_without_the_routes() throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.empty()));

        HttpResponse<String> answer = get("/orders/7");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(new String(ORDER_7, StandardCharsets.UTF_8));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(Integer.toString(ORDER_7.length));
        assertThat(answer.headers().firstValue(Freshness.POSITION_HEADER)).hasValue("none");
        assertThat(answer.headers().firstValue(Freshness.LAG_HEADER)).hasValue("0");
        assertThat(answer.headers().firstValue(Freshness.VERSION_HEADER)).hasValue("3");
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue(GetOrderEndpoint.CACHE_CONTROL);
        assertThat(routed).hasValue(0);
        assertThat(requests(200)).isEqualTo(1);
        assertThat(nearHits()).isEqualTo(1);
    }

    @Test
    void the_etag_in_if_none_match_is_answered_304_without_a_body_and_any_other_value_200() throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.empty()));

        HttpResponse<String> unchanged = get("/orders/7", "If-None-Match", "\"3\"");
        HttpResponse<String> older = get("/orders/7", "If-None-Match", "\"2\"");
        HttpResponse<String> weak = get("/orders/7", "If-None-Match", "W/\"3\"");

        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(unchanged.headers().firstValue(Freshness.VERSION_HEADER)).hasValue("3");
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(weak.statusCode()).isEqualTo(200);
        assertThat(routed).hasValue(0);
        assertThat(requests(304)).isEqualTo(1);
        assertThat(requests(200)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /orders/8                    |                      | not in the near cache
            GET  | /orders/9                    |                      | deleted: a 410 problem
            GET  | /orders/7                    | Consistency-Token    | a token demands a version
            GET  | /orders/7?fields=id          |                      | a query string
            HEAD | /orders/7                    |                      | not a GET
            POST | /orders/7                    |                      | not a GET
            GET  | /orders/07                   |                      | not the canonical id
            GET  | /orders/7/                   |                      | a trailing slash
            GET  | /orders/%37                  |                      | an encoded digit
            GET  | /orders/1234567890123456789  |                      | more digits than a long surely holds
            GET  | /orders/statistics           |                      | another route
            """)
    void what_it_may_not_answer_goes_to_the_routes(String method, String path, String header, String why)
            throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.empty()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, ConsistencyToken.HEADER.equals(header) ? "7:3" : "x");
        }

        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(why).isEqualTo(ROUTES_STATUS);
        assertThat(routed).as(why).hasValue(1);
        assertThat(nearHits()).as(why + ": the routes count what they find").isZero();
    }

    @Test
    void a_protected_api_is_answered_only_with_its_token() throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.of(new ApiToken(TOKEN))));

        assertThat(get("/orders/7").statusCode()).isEqualTo(ROUTES_STATUS);
        assertThat(get("/orders/7", "Authorization", "Bearer wrong-token").statusCode()).isEqualTo(ROUTES_STATUS);
        assertThat(get("/orders/7", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(routed).hasValue(2);
    }

    @Test
    void while_the_read_model_position_would_need_a_query_or_the_cache_is_not_served_the_routes_answer()
            throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.empty()));
        AtomicLong clock = new AtomicLong();
        Freshness unread = new Freshness(jdbi, clock::get);
        server.stop();
        serve(new NearHitShortcut(cache, unread, ApiAccess.of("QUERY_API_TOKEN", Optional.empty()), registry));

        assertThat(get("/orders/7").statusCode()).as("position never read").isEqualTo(ROUTES_STATUS);
        unread.stamp((name, value) -> { });
        assertThat(get("/orders/7").statusCode()).as("position just read").isEqualTo(200);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(get("/orders/7").statusCode()).as("position read a second ago").isEqualTo(ROUTES_STATUS);
        unread.stamp((name, value) -> { });
        assertThat(get("/orders/7").statusCode()).as("position read again").isEqualTo(200);
        cache.listening(false);
        assertThat(get("/orders/7").statusCode()).as("changes unheard").isEqualTo(ROUTES_STATUS);
        assertThat(routed).hasValue(3);
    }

    @Test
    void routes_that_block_do_not_hold_up_near_hits() throws Exception {
        start(ApiAccess.of("QUERY_API_TOKEN", Optional.empty()));
        routesHeld = new CountDownLatch(1);

        CompletableFuture<HttpResponse<String>> held = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base() + "/orders/8")).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(() -> routed.get() == 1, Duration.ofSeconds(5));
        HttpResponse<String> hit = get("/orders/7");

        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();
        routesHeld.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(ROUTES_STATUS);
    }

    /** A server (one selector thread) with the shortcut in front of the routes' stand-in; order 7 cached, 9 deleted. */
    private void start(ApiAccess access) throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cache = new ReadCache(new CacheSettings(8, Duration.ofMinutes(10), Optional.empty(), Duration.ofMillis(50),
                Duration.ofMinutes(10), "shortcut-test:"), jdbi, registry);
        cache.listening(true);
        cache.get(ReadCache.order(7), 0, () -> Optional.of(new CachedAnswer(3, false, ORDER_7)));
        cache.get(ReadCache.order(9), 0, () -> Optional.of(CachedAnswer.deleted(4)));
        // A clock that stands still: the position read here stays reusable however slow the machine.
        freshness = new Freshness(jdbi, () -> 0);
        freshness.stamp((name, value) -> { });
        serve(new NearHitShortcut(cache, freshness, access, registry));
    }

    private void serve(NearHitShortcut shortcut) throws Exception {
        server = new Server(new QueuedThreadPool(8, 2));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        server.addConnector(connector);
        shortcut.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                routed.incrementAndGet();
                routesHeld.await(10, TimeUnit.SECONDS);
                response.setStatus(ROUTES_STATUS);
                response.write(true, ByteBuffer.wrap("routes".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.setHandler(shortcut);
        server.start();
    }

    private String base() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double nearHits() {
        return registry.get("cache.gets").tag("result", "hit").tag("tier", "near").counter().count();
    }

    private long requests(int status) {
        return HttpApps.requestTimer(registry, "GET", NearHitShortcut.ROUTE, status).count();
    }

}
