package com.acme.orders.command;

import com.acme.orders.platform.http.ApiToken;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code COMMAND_API_TOKEN} set, a command without {@code Authorization: Bearer <token>} is a 401 problem
 * that writes nothing, checked before the body; the operations endpoints stay open. Without it, nothing changes.
 */
@ExtendWith(SharedKafka.class)
class RequiringABearerTokenTest {

    private static final String TOKEN = "s3cr3t-T0ken_for.tests~42";
    private static final String RIGHT = "Bearer " + TOKEN;

    private static RunningCommandApp app;
    private static long pendingOrder;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka, Map.of("COMMAND_API_TOKEN", TOKEN));
        pendingOrder = Long.parseLong(app.http.post("/orders", anOrder(), "Authorization", RIGHT).field("id"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_command_without_an_authorization_header_is_401_and_writes_nothing() {
        String rowsBefore = rows();

        List<HttpJson.Response> responses = List.of(
                app.http.post("/orders", anOrder()),
                app.http.put("/orders/" + pendingOrder + "/status", "{\"status\": \"CONFIRMED\"}"),
                app.http.delete("/orders/" + pendingOrder));

        assertThat(responses).allSatisfy(response -> assertUnauthorized(response, "no Authorization header"));
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Test
    void a_wrong_token_or_another_scheme_is_401_and_writes_nothing() {
        String rowsBefore = rows();

        List<HttpJson.Response> responses = List.of(
                app.http.post("/orders", anOrder(), "Authorization", "Bearer " + TOKEN + "x"),
                app.http.post("/orders", anOrder(), "Authorization", "Bearer " + TOKEN.substring(1)),
                app.http.post("/orders", anOrder(), "Authorization", "Bearer " + TOKEN.toUpperCase()),
                app.http.put("/orders/" + pendingOrder + "/status", "{\"status\": \"CONFIRMED\"}",
                        "Authorization", "Bearer"),
                app.http.delete("/orders/" + pendingOrder, "Authorization", "Bearer nope"));
        List<HttpJson.Response> otherSchemes = List.of(
                app.http.post("/orders", anOrder(), "Authorization", "Basic " + TOKEN),
                app.http.post("/orders", anOrder(), "Authorization", TOKEN),
                app.http.delete("/orders/" + pendingOrder, "Authorization", "Token " + TOKEN));

        assertThat(responses).allSatisfy(response -> assertUnauthorized(response, "not"));
        assertThat(otherSchemes).allSatisfy(response -> assertUnauthorized(response, "not a Bearer credential"));
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Test
    void the_token_is_checked_before_the_body_so_a_bad_body_without_it_is_401() {
        String rowsBefore = rows();

        HttpJson.Response malformed = app.http.post("/orders", "{\"userId\": ");
        HttpJson.Response notJson = app.http.send("POST", "/orders",
                java.net.http.HttpRequest.BodyPublishers.ofString("userId=1"), "Content-Type", "text/plain");
        HttpJson.Response badId = app.http.put("/orders/abc/status", "[", "Authorization", "Bearer wrong");

        assertUnauthorized(malformed, "no Authorization header");
        assertUnauthorized(notJson, "no Authorization header");
        assertUnauthorized(badId, "not valid");
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Test
    void the_right_token_lets_every_command_through() {
        HttpJson.Response created = app.http.post("/orders", anOrder(), "Authorization", RIGHT);
        String id = created.field("id");

        HttpJson.Response confirmed = app.http.put("/orders/" + id + "/status", "{\"status\": \"CANCELLED\"}",
                "Authorization", "bearer  " + TOKEN);
        HttpJson.Response deleted = app.http.delete("/orders/" + id, "Authorization", RIGHT);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(confirmed.status()).as("the scheme is case-insensitive: " + confirmed.text()).isEqualTo(200);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.field("deleted")).isEqualTo("true");
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
    void a_refusal_is_logged_with_method_and_path_but_never_the_presented_token() {
        String presented = "Bearer presented-" + TOKEN;

        String log = stderrOf(() -> app.http.delete("/orders/" + pendingOrder, "Authorization", presented));

        assertThat(log).contains("WARN").contains("method=DELETE").contains("path=/orders/" + pendingOrder)
                .doesNotContain("presented-").doesNotContain(TOKEN);
    }

    @Test
    void the_token_is_masked_in_the_printed_configuration() {
        Env env = new Env(Map.of("COMMAND_API_TOKEN", TOKEN));

        CommandConfig config = CommandConfig.fromEnv(env);

        assertThat(config.apiToken()).contains(new ApiToken(TOKEN));
        assertThat(env.describe()).contains("COMMAND_API_TOKEN=****").doesNotContain(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN);
        assertThat(CommandConfig.fromEnv(new Env(Map.of("COMMAND_API_TOKEN", ""))).apiToken()).isEmpty();
        assertThatThrownBy(() -> CommandConfig.fromEnv(new Env(Map.of("COMMAND_API_TOKEN", TOKEN + "\n"))))
                .hasMessageContaining("COMMAND_API_TOKEN").hasMessageNotContaining(TOKEN);
    }

    @Test
    void without_the_variable_commands_need_no_token(LocalKafkaBroker kafka) {
        try (RunningCommandApp open = RunningCommandApp.start(kafka)) {

            HttpJson.Response created = open.http.post("/orders", anOrder());
            HttpJson.Response confirmed = open.http.put("/orders/" + created.field("id") + "/status",
                    "{\"status\": \"CONFIRMED\"}", "Authorization", "Bearer anything");

            assertThat(open.config.apiToken()).isEmpty();
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        }
    }

    private static void assertUnauthorized(HttpJson.Response response, String detail) {
        assertThat(response.status()).as(response.text()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Bearer");
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.field("type")).endsWith("/unauthenticated");
        assertThat(response.field("detail")).contains(detail);
    }

    /** Counts and a digest of every write-model table, so that any change shows. */
    private static String rows() {
        return app.strings("""
                SELECT concat_ws(' ',
                    (SELECT 'orders=' || count(*) || ':' || md5(coalesce(string_agg(o::text, ',' ORDER BY o.id), ''))
                     FROM orders o),
                    (SELECT 'items=' || count(*) FROM order_items),
                    (SELECT 'events=' || count(*) FROM order_events),
                    (SELECT 'keys=' || count(*) FROM idempotency_keys))""").get(0);
    }

    /** What the app logged while {@code action} ran; slf4j-simple writes to whatever System.err is at the time. */
    private static String stderrOf(Supplier<?> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
