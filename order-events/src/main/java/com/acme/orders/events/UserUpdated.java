package com.acme.orders.events;

import java.time.Instant;
import java.util.UUID;

/** A user changed their username or email; the event carries both, current values. */
public record UserUpdated(UUID eventId, Instant occurredAt, long userId, String username, String email)
        implements UserEvent {

    public static final String TYPE = "UserUpdated";
    public static final int SCHEMA_VERSION = 1;

    public UserUpdated {
        UserFields.check(eventId, occurredAt, userId, username, email);
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
