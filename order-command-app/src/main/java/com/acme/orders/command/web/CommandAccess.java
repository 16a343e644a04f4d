package com.acme.orders.command.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may send commands: anyone, or, when {@code COMMAND_API_TOKEN} is set, only a client that sends
 * {@code Authorization: Bearer <token>}. The check runs before the endpoint reads anything, so a refused
 * request is answered 401 whatever its body, and leaves no trace but a WARN line.
 */
public final class CommandAccess {

    private static final Logger log = LoggerFactory.getLogger(CommandAccess.class);
    private static final String SCHEME = "bearer";

    private final Optional<ApiToken> token;

    private CommandAccess(Optional<ApiToken> token) {
        this.token = token;
    }

    /** Open when {@code token} is empty, protected by it otherwise. */
    public static CommandAccess of(Optional<ApiToken> token) {
        return new CommandAccess(token);
    }

    public boolean isProtected() {
        return token.isPresent();
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

    private static void authenticate(Context ctx, ApiToken required) {
        String refusal = refusal(ctx.header("Authorization"), required);
        if (refusal != null) {
            // Method and path only: the presented credential may be someone's real token for another system.
            log.warn("refused unauthenticated command method={} path={} reason={}", ctx.method(), ctx.path(), refusal);
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
