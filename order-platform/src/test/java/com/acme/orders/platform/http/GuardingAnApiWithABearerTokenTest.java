package com.acme.orders.platform.http;

import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ApiAccess} as every app uses it: one variable, guarded routes answer 401 with {@code WWW-Authenticate}
 * before the endpoint runs, the operations endpoints stay open, and nothing shows the token.
 */
class GuardingAnApiWithABearerTokenTest {

    private static final String TOKEN = "admin-T0ken_for.tests~1";

    @Test
    void a_guarded_route_needs_the_token_and_the_operations_endpoints_stay_open() throws Exception {
        ApiAccess access = ApiAccess.fromEnv(new Env(Map.of("ADMIN_API_TOKEN", TOKEN)), "ADMIN_API_TOKEN");
        try (RunningHttpApp app = RunningHttpApp.start(config -> config.routes.put("/stock/{sku}",
                access.guard(ctx -> ctx.result("set " + ctx.pathParam("sku")))))) {

            RawHttp.Response without = app.send("PUT /stock/A HTTP/1.1\r\nHost: x\r\nContent-Length: 0", new byte[0]);
            RawHttp.Response wrong = app.send("PUT /stock/A HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "!\r\nContent-Length: 0", new byte[0]);
            RawHttp.Response right = app.send("PUT /stock/A HTTP/1.1\r\nHost: x\r\nAuthorization: BEARER " + TOKEN
                    + "\r\nContent-Length: 0", new byte[0]);
            RawHttp.Response health = app.send("GET /health HTTP/1.1\r\nHost: x", new byte[0]);
            RawHttp.Response metrics = app.send("GET /metrics HTTP/1.1\r\nHost: x", new byte[0]);

            for (RawHttp.Response refused : new RawHttp.Response[]{without, wrong}) {
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("Bearer");
                assertThat(refused.header("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith(Problem.MEDIA_TYPE));
                assertThat(refused.text()).contains("/problems/unauthenticated").doesNotContain(TOKEN);
            }
            assertThat(right.status()).isEqualTo(200);
            assertThat(new String(right.body(), StandardCharsets.UTF_8)).isEqualTo("set A");
            assertThat(health.status()).isEqualTo(200);
            assertThat(metrics.status()).isEqualTo(200);
        }
    }

    @Test
    void without_the_variable_the_api_is_open_and_says_so() {
        ApiAccess access = ApiAccess.fromEnv(new Env(Map.of()), "ADMIN_API_TOKEN");

        assertThat(access.isProtected()).isFalse();
        assertThat(access.describe()).contains("open").contains("ADMIN_API_TOKEN not set");
    }

    @Test
    void the_token_never_shows_and_a_token_that_could_not_be_sent_is_refused_at_start() {
        Env env = new Env(Map.of("ADMIN_API_TOKEN", TOKEN));

        ApiAccess access = ApiAccess.fromEnv(env, "ADMIN_API_TOKEN");

        assertThat(access.isProtected()).isTrue();
        assertThat(access + " " + access.token() + " " + env.describe() + " " + access.describe())
                .doesNotContain(TOKEN).contains("ADMIN_API_TOKEN=****");
        assertThat(ApiAccess.fromEnv(new Env(Map.of("ADMIN_API_TOKEN", "")), "ADMIN_API_TOKEN").isProtected()).isFalse();
        assertThatThrownBy(() -> ApiAccess.fromEnv(new Env(Map.of("ADMIN_API_TOKEN", "two words")), "ADMIN_API_TOKEN"))
                .hasMessageContaining("ADMIN_API_TOKEN").hasMessageNotContaining("two words");
    }

    @Test
    void only_the_exact_token_matches() {
        ApiToken token = new ApiToken(TOKEN);

        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN.toUpperCase())).isFalse();
        assertThat(token.matches(TOKEN.substring(1))).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token).hasToString("ApiToken[****]");
    }
}
