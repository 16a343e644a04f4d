package com.acme.orders.platform.http;

import com.acme.orders.platform.config.Env;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use an HTTP API: anyone, or, when its token variable is set, only a client that sends
 * {@code Authorization: Bearer <token>}. Every app protects its API the same way:
 * <pre>{@code
 * ApiAccess access = ApiAccess.fromEnv(env, "ADMIN_API_TOKEN");
 * log.info(access.describe());
 * config.routes.put("/stock/{sku}", access.guard(new SetStockEndpoint(...)));
 * }</pre>
 * Guard the API's own routes only: {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi.json}
 * (added by {@link HttpApps}) stay open for probes and scrapers. The check runs before the endpoint reads
 * anything, so a refused request is answered 401 ({@link Unauthenticated}, mapped by {@link HttpApps}) whatever
 * its body, and leaves no trace but a WARN line with method and path.
 */
public final class ApiAccess {

    private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);
    private static final String SCHEME = "bearer";

    private final String variable;
    private final Optional<ApiToken> token;

    private ApiAccess(String variable, Optional<ApiToken> token) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Protected by the token in environment variable {@code variable} when it is set, open otherwise. */
    public static ApiAccess fromEnv(Env env, String variable) {
        return new ApiAccess(variable, ApiToken.fromEnv(env, variable));
    }

    /** Open when {@code token} is empty, protected by it otherwise; {@code variable} names it in messages. */
    public static ApiAccess of(String variable, Optional<ApiToken> token) {
        return new ApiAccess(variable, token);
    }

    public boolean isProtected() {
        return token.isPresent();
    }

    /** The token, if any; its {@code toString()} is masked. */
    public Optional<ApiToken> token() {
        return token;
    }

    /** One line for the start-up log: whether the API needs a token, and which variable sets it. */
    public String describe() {
        return isProtected() ? "API requires a bearer token (" + variable + ")"
                : "API open to any client (" + variable + " not set)";
    }

    /** {@code endpoint}, behind the token check when there is a token. */
    public Handler guard(Handler endpoint) {
        if (token.isEmpty()) {
            return endpoint;
        }
        ApiToken required = token.get();
        return ctx -> {
            authenticate(ctx, required);
            endpoint.handle(ctx);
        };
    }

    /**
     * Whether a request with this {@code Authorization} header (null when absent) may use the API; for a handler
     * that answers ahead of the routes. A refused request is left to the guarded route, which answers 401.
     */
    public boolean admits(String authorization) {
        return token.isEmpty() || refusal(authorization, token.get()) == null;
    }

    @Override
    public String toString() {
        return "ApiAccess[" + variable + (isProtected() ? "=****]" : " not set]");
    }

    private static void authenticate(Context ctx, ApiToken required) {
        String refusal = refusal(ctx.header("Authorization"), required);
        if (refusal != null) {
            // Method and path only: the presented credential may be someone's real token for another system.
            log.warn("refused unauthenticated request method={} path={} reason={}", ctx.method(), ctx.path(), refusal);
            throw new Unauthenticated(refusal);
        }
    }

    /** Why the header does not authenticate, or null when it carries the token. */
    private static String refusal(String authorization, ApiToken required) {
        if (authorization == null || authorization.isBlank()) {
            return "no Authorization header; send Authorization: Bearer <token>";
        }
        String[] parts = authorization.strip().split(" +", 2);
        // The scheme is case-insensitive (RFC 9110 section 11.1); the token itself must match exactly.
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return "the Authorization header is not a Bearer credential";
        }
        if (!required.matches(parts[1])) {
            return "the bearer token is not valid";
        }
        return null;
    }
}
