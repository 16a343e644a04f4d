package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Every line of the order is reserved (answers {@link ReserveStock}, also when it was reserved before).
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 */
public record StockReserved(UUID messageId, long orderId, Instant occurredAt, UUID causationId)
        implements InventoryReply {

    public static final String TYPE = "StockReserved";
    public static final int SCHEMA_VERSION = 1;

    public StockReserved {
        MessageFields.check(messageId, orderId, occurredAt, causationId);
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
