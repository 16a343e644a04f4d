package com.acme.orders.domain.saga;

/** A compensating command a saga sent and whose reply it still waits for. */
public enum Compensation {

    /** {@code ReleaseStock} sent, waiting for {@code StockReleased}. */
    RELEASE_STOCK,
    /** {@code VoidPayment} sent, waiting for {@code PaymentVoided}. */
    VOID_PAYMENT,
    /** {@code RefundPayment} sent, waiting for {@code PaymentRefunded}. */
    REFUND_PAYMENT
}
