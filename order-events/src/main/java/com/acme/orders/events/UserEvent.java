package com.acme.orders.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What the user service publishes on {@link Topics#USER_EVENTS}, keyed by the user id as text. The wire
 * form is flat: {@code {"eventId", "type", "schemaVersion", "occurredAt", "userId", "username", "email"}}.
 */
public sealed interface UserEvent permits UserRegistered, UserUpdated {

    UUID eventId();

    Instant occurredAt();

    long userId();

    String username();

    String email();

    /** The wire name, {@code UserRegistered} or {@code UserUpdated}. */
    String type();

    int schemaVersion();
}
