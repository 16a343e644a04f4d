package com.acme.orders.platform.http;

import com.acme.orders.platform.config.Env;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer token a client must present to use a protected API ({@code COMMAND_API_TOKEN},
 * {@code QUERY_API_TOKEN}, {@code ADMIN_API_TOKEN}): visible ASCII without spaces, as a bearer credential is
 * written on the wire. {@link #toString()} masks it, so a logged configuration never shows it.
 */
public record ApiToken(String value) {

    public ApiToken {
        Objects.requireNonNull(value, "value");
        // A token with a space or a trailing newline (pasted from a file) could never be presented; say so at start.
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("an API token must be visible ASCII characters without spaces");
        }
    }

    /**
     * The token in environment variable {@code variable}, read as a secret (printed masked); empty when the
     * variable is unset or empty, as compose files write an optional variable ({@code TOKEN: ${TOKEN:-}}).
     *
     * @throws IllegalArgumentException naming the variable (never the value) when it cannot be a bearer token
     */
    public static Optional<ApiToken> fromEnv(Env env, String variable) {
        String value = env.secret(variable, null);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ApiToken(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " must be visible ASCII characters without spaces");
        }
    }

    /**
     * Whether {@code presented} is exactly this token. Both sides are hashed first, so the comparison takes
     * the same time wherever they differ and whatever their lengths: timing reveals nothing about the token.
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256(value), sha256(presented));
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
