package com.acme.orders.command.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the event store, payload still as stored JSON in its original schema version.
 *
 * @param position global append order
 */
public record StoredEvent(long position, UUID eventId, long orderId, long version, String type, int schemaVersion,
                          String payloadJson, Instant occurredAt) implements Unpublished {
}
