package com.acme.orders.events;

import java.util.Objects;

/**
 * An order moved from one status to another. Statuses are the names of the domain's order statuses
 * ({@code PENDING}, {@code CONFIRMED}, {@code PROCESSING}, {@code SHIPPED}, {@code DELIVERED},
 * {@code CANCELLED}), kept as text so that the contract does not embed domain types.
 */
public record OrderStatusUpdatedEvent(String oldStatus, String newStatus) implements OrderEvent {

    public static final String TYPE = "OrderStatusUpdated";
    public static final int SCHEMA_VERSION = 1;

    public OrderStatusUpdatedEvent {
        Objects.requireNonNull(oldStatus, "oldStatus");
        Objects.requireNonNull(newStatus, "newStatus");
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
