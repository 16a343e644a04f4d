package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Some products are short, so nothing was reserved for the order (answers {@link ReserveStock}). Also the
 * answer to a {@link ReserveStock} that arrives after the order's stock was released; then
 * {@code productIds} is empty.
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 * @param productIds  the products that did not have enough units, in the order of the command's lines
 */
public record StockUnavailable(UUID messageId, long orderId, Instant occurredAt, UUID causationId,
                               List<String> productIds) implements InventoryReply {

    public static final String TYPE = "StockUnavailable";
    public static final int SCHEMA_VERSION = 1;

    public StockUnavailable {
        MessageFields.check(messageId, orderId, occurredAt, causationId);
        Objects.requireNonNull(productIds, "productIds");
        productIds = List.copyOf(productIds);
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
