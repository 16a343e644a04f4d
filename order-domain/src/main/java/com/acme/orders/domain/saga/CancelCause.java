package com.acme.orders.domain.saga;

/**
 * Why a saga gave up, in a few fixed kinds: the bounded label for metrics ({@code sagas cancelled by reason})
 * where the reason text itself names products and amounts.
 */
public enum CancelCause {

    /** {@code out of stock: p1, p2} */
    OUT_OF_STOCK("out of stock"),
    /** {@code payment declined: …} */
    PAYMENT_DECLINED("payment declined"),
    /** {@code inventory-service did not answer within 30s} */
    INVENTORY_TIMEOUT(PlaceOrderSaga.INVENTORY_SERVICE + " did not answer"),
    /** {@code payment-service did not answer within 30s} */
    PAYMENT_TIMEOUT(PlaceOrderSaga.PAYMENT_SERVICE + " did not answer"),
    /** {@code cancelled by the customer} */
    CUSTOMER(PlaceOrderSaga.CANCELLED_BY_CUSTOMER),
    /** A reason these rules did not write (e.g. a row stored by an older version). */
    OTHER("");

    private final String prefix;

    CancelCause(String prefix) {
        this.prefix = prefix;
    }

    /** The kind of a reason written by {@link PlaceOrderSaga}. */
    public static CancelCause of(String reason) {
        if (reason != null) {
            for (CancelCause cause : values()) {
                if (cause != OTHER && reason.startsWith(cause.prefix)) {
                    return cause;
                }
            }
        }
        return OTHER;
    }

    /** Lower-case with underscores, e.g. {@code out_of_stock}: a metric tag value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
