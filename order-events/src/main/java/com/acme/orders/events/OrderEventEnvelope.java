package com.acme.orders.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One order event as it travels: identity, the order it belongs to, the order's version after the event,
 * when it happened, and the payload. On the wire the payload's {@code type} and {@code schemaVersion} sit
 * beside the envelope fields and the payload is nested under {@code payload}.
 *
 * @param eventId    unique id of this event, stable across redeliveries
 * @param orderId    the order
 * @param version    the order's version after this event; 1 for {@link OrderCreatedEvent}
 * @param occurredAt when the command that caused it was accepted
 * @param payload    what happened
 */
public record OrderEventEnvelope(UUID eventId, long orderId, long version, Instant occurredAt, OrderEvent payload) {

    public OrderEventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        if (orderId <= 0) {
            throw new IllegalArgumentException("orderId must be positive, was " + orderId);
        }
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }

    public String type() {
        return payload.type();
    }

    public int schemaVersion() {
        return payload.schemaVersion();
    }
}
