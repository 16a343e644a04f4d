package com.acme.orders.platform.http;

/** Ends a request with the given problem document (412, 413, 415, 422, …). */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
