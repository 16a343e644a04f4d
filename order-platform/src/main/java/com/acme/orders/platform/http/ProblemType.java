package com.acme.orders.platform.http;

/**
 * Every named problem the apps answer with, and its HTTP status: the one table from error to status. The
 * apps say which of these an error is; {@link HttpErrors} adds what needs no name (routing and protocol errors
 * keep their status, an unreachable database is a 503, anything unexpected a 500).
 */
public enum ProblemType {

    /** Bad input; the document lists each field and why. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** The API requires a bearer token and the request has none that matches. */
    UNAUTHENTICATED("unauthenticated", 401, "Unauthorized"),
    /** No order has this id (on the query side: not yet, or not in the read model). */
    ORDER_NOT_FOUND("order-not-found", 404, "Order not found"),
    /** The order has no place-order saga (placed while sagas were disabled, or no such order). */
    SAGA_NOT_FOUND("saga-not-found", 404, "Saga not found"),
    /** The status machine does not allow this move. */
    ILLEGAL_STATUS_TRANSITION("illegal-status-transition", 409, "Illegal status transition"),
    /** While sagas are enabled only the saga confirms an order. */
    CONFIRMED_BY_SAGA("confirmed-by-saga", 409, "Confirmed by the saga only"),
    /** Only PENDING, DELIVERED or CANCELLED orders may be deleted. */
    ORDER_NOT_DELETABLE("order-not-deletable", 409, "Order cannot be deleted"),
    /** The order was deleted: it is gone for good. */
    ORDER_DELETED("order-deleted", 410, "Order deleted"),
    /** {@code If-Match} named another version than the current one. */
    STALE_VERSION("stale-version", 412, "Precondition failed"),
    /** An {@code Idempotency-Key} came back with another request body. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused"),
    /** As many sagas are in flight as the command app lets run at once, for longer than a create waits. */
    SAGAS_AT_CAPACITY("sagas-at-capacity", 503, "Too many orders in progress");

    private final String kind;
    private final int status;
    private final String title;

    ProblemType(String kind, int status, String title) {
        this.kind = kind;
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The problem document of this type with {@code detail}. */
    public Problem problem(String detail) {
        return Problem.of(kind, title, status, detail);
    }

    /** Ends the request with this problem. */
    public ProblemException exception(String detail) {
        return new ProblemException(problem(detail));
    }

    /** Ends the request with this problem and a {@code Retry-After} of {@code seconds}. */
    public ProblemException exception(String detail, String retryAfterSeconds) {
        return new ProblemException(problem(detail), retryAfterSeconds);
    }
}
