package com.acme.orders.platform.http;

/**
 * A request came without the bearer token its API requires: answered 401 with {@code WWW-Authenticate: Bearer}
 * (every app built by {@link HttpApps} maps it), nothing read or written.
 */
public final class Unauthenticated extends RuntimeException {

    public Unauthenticated(String reason) {
        super(reason, null, false, false);
    }

    /** The problem document a refused request gets. */
    public Problem problem() {
        return Problem.of("unauthenticated", "Unauthorized", 401, getMessage());
    }
}
