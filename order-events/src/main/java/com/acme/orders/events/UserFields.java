package com.acme.orders.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The checks both user events share. */
final class UserFields {

    private UserFields() {
    }

    static void check(UUID eventId, Instant occurredAt, long userId, String username, String email) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive, was " + userId);
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
    }
}
