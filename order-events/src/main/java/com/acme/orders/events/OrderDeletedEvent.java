package com.acme.orders.events;

import java.util.Objects;

/**
 * An order was deleted (a soft delete: it stays in the event store and disappears from lists).
 *
 * @param statusAtDeletion the status the order had when it was deleted
 */
public record OrderDeletedEvent(String statusAtDeletion) implements OrderEvent {

    public static final String TYPE = "OrderDeleted";
    public static final int SCHEMA_VERSION = 1;

    public OrderDeletedEvent {
        Objects.requireNonNull(statusAtDeletion, "statusAtDeletion");
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
