package com.acme.orders.query;

import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code QUERY_API_TOKEN} set, every view without {@code Authorization: Bearer <token>} is a 401 problem
 * that shows nothing, checked before the parameters; the operations endpoints stay open. Without it, nothing
 * changes.
 */
class RequiringABearerTokenTest {

    private static final String TOKEN = "query-T0ken_for.tests~7";
    private static final String RIGHT = "Bearer " + TOKEN;
    private static final List<String> VIEWS = List.of("/orders", "/orders/1", "/orders/user/1",
            "/orders/status/PENDING", "/orders/user/1/status/PENDING", "/orders/date-range?from=2026-11-25&to=2026-11-26",
            "/orders/search/username?username=ali", "/orders/amount-greater-than?amount=1", "/orders/statistics");

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start(Map.of("QUERY_API_TOKEN", TOKEN));
        app.readModel.save(order(1));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void every_view_without_the_token_is_401_and_shows_nothing() {
        for (String view : VIEWS) {

            HttpJson.Response missing = app.http.get(view);
            HttpJson.Response wrong = app.http.get(view, "Authorization", "Bearer " + TOKEN + "x");
            HttpJson.Response otherScheme = app.http.get(view, "Authorization", "Basic " + TOKEN);

            assertUnauthorized(view, missing, "no Authorization header");
            assertUnauthorized(view, wrong, "not valid");
            assertUnauthorized(view, otherScheme, "not a Bearer credential");
        }
    }

    @Test
    void an_order_this_instance_holds_in_memory_is_still_refused_without_the_token() {
        Samples.awaitListening(app.http);
        assertThat(app.http.get("/orders/1", "Authorization", RIGHT).status()).isEqualTo(200);
        double hits = nearHits();

        HttpJson.Response held = app.http.get("/orders/1", "Authorization", "bearer   " + TOKEN);
        HttpJson.Response missing = app.http.get("/orders/1");
        HttpJson.Response wrong = app.http.get("/orders/1", "Authorization", "Bearer " + TOKEN + "x");

        assertThat(held.status()).as("the scheme is case-insensitive").isEqualTo(200);
        assertThat(nearHits()).as("answered from memory").isEqualTo(hits + 1);
        assertUnauthorized("/orders/1", missing, "no Authorization header");
        assertUnauthorized("/orders/1", wrong, "not valid");
    }

    @Test
    void the_token_is_checked_before_the_parameters_so_bad_input_without_it_is_401() {
        HttpJson.Response badId = app.http.get("/orders/abc");
        HttpJson.Response badLimit = app.http.get("/orders?limit=0", "Authorization", "Bearer nope");

        assertUnauthorized("/orders/abc", badId, "no Authorization header");
        assertUnauthorized("/orders?limit=0", badLimit, "not valid");
    }

    @Test
    void the_right_token_lets_every_view_through() {
        for (String view : VIEWS) {

            HttpJson.Response response = app.http.get(view, "Authorization", RIGHT);

            assertThat(response.status()).as(view + ": " + response.text()).isEqualTo(200);
        }
        assertThat(app.http.get("/orders/1", "Authorization", "bearer   " + TOKEN).status())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void the_operations_endpoints_stay_open() {
        assertThat(app.http.get("/health").status()).isEqualTo(200);
        assertThat(app.http.get("/ready").status()).isEqualTo(200);
        assertThat(app.http.get("/metrics").status()).isEqualTo(200);
        HttpJson.Response openApi = app.http.get("/openapi.json");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().at("/components/securitySchemes/bearerToken/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void the_token_is_masked_in_the_printed_configuration() {
        Env env = new Env(Map.of("QUERY_API_TOKEN", TOKEN));

        QueryConfig config = QueryConfig.fromEnv(env);

        assertThat(config.apiToken()).contains(new ApiToken(TOKEN));
        assertThat(env.describe()).contains("QUERY_API_TOKEN=****").doesNotContain(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN);
        assertThat(QueryConfig.fromEnv(new Env(Map.of("QUERY_API_TOKEN", ""))).apiToken()).isEmpty();
        assertThatThrownBy(() -> QueryConfig.fromEnv(new Env(Map.of("QUERY_API_TOKEN", TOKEN + " "))))
                .hasMessageContaining("QUERY_API_TOKEN").hasMessageNotContaining(TOKEN);
    }

    @Test
    void without_the_variable_queries_need_no_token() {
        try (RunningQueryApp open = RunningQueryApp.start()) {
            open.readModel.save(order(1));

            HttpJson.Response one = open.http.get("/orders/1");
            HttpJson.Response any = open.http.get("/orders", "Authorization", "Bearer anything");

            assertThat(open.config.apiToken()).isEmpty();
            assertThat(one.status()).as(one.text()).isEqualTo(200);
            assertThat(any.status()).as(any.text()).isEqualTo(200);
        }
    }

    private static double nearHits() {
        return Samples.value(app.http, "cache_gets_total", "result=\"hit\"", "tier=\"near\"");
    }

    private static void assertUnauthorized(String view, HttpJson.Response response, String detail) {
        assertThat(response.status()).as(view + ": " + response.text()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).as(view).contains("Bearer");
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.field("type")).endsWith("/unauthenticated");
        assertThat(response.field("detail")).contains(detail);
        assertThat(response.text()).as("nothing of the order").doesNotContain("Main St").doesNotContain("alice");
    }
}
