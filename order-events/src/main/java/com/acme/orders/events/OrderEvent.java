package com.acme.orders.events;

/**
 * The payload of an order event. Each type has a stable wire name and a current schema version; older
 * versions are upcast on decode by {@link EventCodec}.
 */
public sealed interface OrderEvent permits OrderCreatedEvent, OrderStatusUpdatedEvent, OrderDeletedEvent,
        OrderCancelledEvent {

    /** The wire name of this event type, e.g. {@code OrderCreated}. */
    String type();

    /** The schema version this record represents (the current one). */
    int schemaVersion();
}
