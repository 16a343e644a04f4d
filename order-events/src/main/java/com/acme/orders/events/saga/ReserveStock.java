package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reserve stock for every line of an order, all lines or none. Answered by {@link StockReserved} when every
 * line could be reserved, otherwise by {@link StockUnavailable} naming the products that were short (and
 * nothing stays reserved). Idempotent per order: an order that already holds its reservation answers
 * {@link StockReserved} again without reserving more.
 *
 * @param messageId  this command's id, the dedup key
 * @param orderId    the order
 * @param occurredAt when the order service decided to reserve
 * @param lines      what to reserve, at least one line, each product at most once
 */
public record ReserveStock(UUID messageId, long orderId, Instant occurredAt, List<Line> lines)
        implements InventoryCommand {

    public static final String TYPE = "ReserveStock";
    public static final int SCHEMA_VERSION = 1;

    public ReserveStock {
        MessageFields.check(messageId, orderId, occurredAt);
        Objects.requireNonNull(lines, "lines");
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
        lines = List.copyOf(lines);
        HashSet<String> products = new HashSet<>();
        for (Line line : lines) {
            if (!products.add(line.productId())) {
                throw new IllegalArgumentException("lines name product " + line.productId() + " twice");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /**
     * One product to reserve.
     *
     * @param productId the product (SKU), not blank
     * @param quantity  how many units, positive
     */
    public record Line(String productId, int quantity) {

        public Line {
            productId = MessageFields.text(productId, "productId");
            if (quantity <= 0) {
                throw new IllegalArgumentException("quantity must be positive, was " + quantity);
            }
        }
    }
}
