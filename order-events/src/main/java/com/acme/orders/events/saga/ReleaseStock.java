package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Give back whatever the order holds reserved: the compensation of {@link ReserveStock}. Always answered by
 * {@link StockReleased}, also when nothing was reserved (then nothing changes). A {@link ReserveStock} for
 * the same order that arrives after its release reserves nothing.
 *
 * @param messageId  this command's id, the dedup key
 * @param orderId    the order
 * @param occurredAt when the order service decided to release
 */
public record ReleaseStock(UUID messageId, long orderId, Instant occurredAt) implements InventoryCommand {

    public static final String TYPE = "ReleaseStock";
    public static final int SCHEMA_VERSION = 1;

    public ReleaseStock {
        MessageFields.check(messageId, orderId, occurredAt);
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
