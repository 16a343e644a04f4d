package com.acme.orders.events;

/** Kafka topic names of the contract. */
public final class Topics {

    /** Order events, keyed by the order id as decimal text, in version order per order. */
    public static final String ORDER_EVENTS = "order-events";

    /** User events published by the user service, keyed by the user id as decimal text. */
    public static final String USER_EVENTS = "user-events";

    /** Records a consumer could not decode or apply, with the reason and origin in headers. */
    public static final String ORDER_EVENTS_DEAD_LETTER = "order-events-dlq";

    /**
     * Saga commands for the inventory service ({@code ReserveStock}, {@code ReleaseStock}), keyed by the order
     * id as decimal text. See {@link com.acme.orders.events.saga}.
     */
    public static final String INVENTORY_COMMANDS = "inventory-commands";

    /**
     * Saga commands for the payment service ({@code AuthorizePayment}, {@code VoidPayment},
     * {@code RefundPayment}), keyed by the order id as decimal text.
     */
    public static final String PAYMENT_COMMANDS = "payment-commands";

    /** The inventory service's replies to its commands, keyed by the order id as decimal text. */
    public static final String INVENTORY_REPLIES = "inventory-replies";

    /** The payment service's replies to its commands, keyed by the order id as decimal text. */
    public static final String PAYMENT_REPLIES = "payment-replies";

    private Topics() {
    }
}
