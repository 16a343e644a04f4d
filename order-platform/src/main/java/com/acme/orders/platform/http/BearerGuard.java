package com.acme.orders.platform.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * An optional bearer token in front of an app's own routes (the participants' {@code ADMIN_API_TOKEN}): open when
 * no token is configured, otherwise a request without {@code Authorization: Bearer <token>} is answered 401 before
 * the endpoint reads anything. Probes ({@code /health}, {@code /ready}, {@code /metrics}) are never guarded.
 * The comparison hashes both sides, so its timing reveals nothing about the token.
 */
public final class BearerGuard {

    private static final Logger log = LoggerFactory.getLogger(BearerGuard.class);

    private final Optional<byte[]> tokenHash;

    private BearerGuard(Optional<byte[]> tokenHash) {
        this.tokenHash = tokenHash;
    }

    /**
     * Open when {@code token} is empty or blank.
     *
     * @param variable the variable the token came from, named when it cannot be a bearer token
     */
    public static BearerGuard of(Optional<String> token, String variable) {
        Optional<String> present = token.filter(value -> !value.isEmpty());
        present.ifPresent(value -> {
            if (!value.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException(variable + " must be visible ASCII characters without spaces");
            }
        });
        return new BearerGuard(present.map(BearerGuard::sha256));
    }

    public boolean isProtected() {
        return tokenHash.isPresent();
    }

    /** {@code endpoint}, behind the token check when there is a token. */
    public Handler guard(Handler endpoint) {
        if (tokenHash.isEmpty()) {
            return endpoint;
        }
        return ctx -> {
            authenticate(ctx);
            endpoint.handle(ctx);
        };
    }

    private void authenticate(Context ctx) {
        String refusal = refusal(ctx.header("Authorization"));
        if (refusal != null) {
            // Method and path only: the presented credential may be someone's real token for another system.
            log.warn("refused unauthenticated request method={} path={} reason={}", ctx.method(), ctx.path(), refusal);
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ProblemException(Problem.of("unauthenticated", "Unauthorized", 401, refusal));
        }
    }

    private String refusal(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "no Authorization header; send Authorization: Bearer <token>";
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            return "the Authorization header is not a Bearer credential";
        }
        if (!MessageDigest.isEqual(tokenHash.orElseThrow(), sha256(parts[1]))) {
            return "the bearer token is not valid";
        }
        return null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
