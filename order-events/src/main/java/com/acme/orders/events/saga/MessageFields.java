package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The checks every saga message makes on its common fields. */
final class MessageFields {

    private MessageFields() {
    }

    static void check(UUID messageId, long orderId, Instant occurredAt) {
        Objects.requireNonNull(messageId, "messageId");
        if (orderId <= 0) {
            throw new IllegalArgumentException("orderId must be positive, was " + orderId);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    static void check(UUID messageId, long orderId, Instant occurredAt, UUID causationId) {
        check(messageId, orderId, occurredAt);
        Objects.requireNonNull(causationId, "causationId");
    }

    static String text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }
}
