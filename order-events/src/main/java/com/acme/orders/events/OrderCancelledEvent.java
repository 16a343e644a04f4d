package com.acme.orders.events;

import java.util.Objects;

/**
 * The order service gave the order up and moved it to {@code CANCELLED}, for the reason given: the place-order
 * saga could not reserve its stock or take its payment, or a participant did not answer in time. (A customer's
 * own cancellation is an {@link OrderStatusUpdatedEvent}.)
 *
 * @param oldStatus the status it had, e.g. {@code PENDING}
 * @param reason    why, for the customer and support staff, e.g. {@code out of stock: SKU-1}
 */
public record OrderCancelledEvent(String oldStatus, String reason) implements OrderEvent {

    public static final String TYPE = "OrderCancelled";
    public static final int SCHEMA_VERSION = 1;

    public OrderCancelledEvent {
        Objects.requireNonNull(oldStatus, "oldStatus");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
