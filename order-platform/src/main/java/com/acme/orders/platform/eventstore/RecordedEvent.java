package com.acme.orders.platform.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of the write database's history, payload still as stored JSON in its original schema version.
 *
 * @param position global append order (kept when the event is archived)
 * @param archived whether it was read from the compressed archive rather than the hot store
 */
public record RecordedEvent(long position, UUID eventId, long orderId, long version, String type,
                            int schemaVersion, String payloadJson, Instant occurredAt, boolean archived) {

    RecordedEvent asArchived() {
        return new RecordedEvent(position, eventId, orderId, version, type, schemaVersion, payloadJson, occurredAt,
                true);
    }
}
