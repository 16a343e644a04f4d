package com.acme.orders.domain.saga;

/** Where a place-order saga is. */
public enum SagaStep {

    /** {@code ReserveStock} sent, waiting for the inventory service. Has a deadline. */
    RESERVING_STOCK,
    /** Stock reserved, {@code AuthorizePayment} sent, waiting for the payment service. Has a deadline. */
    AUTHORIZING_PAYMENT,
    /** Stock reserved and payment authorised; the order is confirmed. Waits for nothing. */
    CONFIRMED,
    /**
     * The order was given up (or cancelled by the customer); compensations were sent and the saga waits for their
     * replies. No deadline: compensations sit in Kafka until the participant takes them, and every one is answered.
     */
    COMPENSATING,
    /** Given up and every compensation answered. Only a late reply can still cause a compensation. */
    CANCELLED;

    /** Whether the step waits for a participant's answer under the step timeout (the caller keeps the deadline). */
    public boolean hasDeadline() {
        return this == RESERVING_STOCK || this == AUTHORIZING_PAYMENT;
    }

    /** Whether the saga still has work to do (it counts as in flight). */
    public boolean isInFlight() {
        return this != CONFIRMED && this != CANCELLED;
    }
}
