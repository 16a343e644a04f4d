package com.acme.orders.command.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A saga command in the outbox, already encoded.
 *
 * @param message the Kafka value, as {@link com.acme.orders.events.EventCodec#encode} wrote it
 */
public record StoredCommand(long position, UUID messageId, long orderId, String topic, String type, byte[] message,
                            Instant occurredAt) implements Unpublished {
}
