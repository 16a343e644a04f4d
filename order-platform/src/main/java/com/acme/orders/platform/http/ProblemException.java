package com.acme.orders.platform.http;

import java.util.Optional;

/** Ends a request with the given problem document (412, 413, 415, 422, …), and a {@code Retry-After} if given. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;
    private final String retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** The {@code Retry-After} header's value, in seconds, when the client should come back later. */
    public Optional<String> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
