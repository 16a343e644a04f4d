package com.acme.orders.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An order was placed. Schema version 2; version 1 called the product {@code sku} and carried no total
 * (see {@link Upcasters}).
 *
 * @param userId          the customer
 * @param items           the order lines, at least one
 * @param totalAmount     the sum of quantity times unit price over the items, scale 2
 * @param shippingAddress where the order goes, or null when it is not shipped (digital goods, in-store pickup)
 * @param notes           free text from the customer, may be null
 */
public record OrderCreatedEvent(long userId, List<Item> items, BigDecimal totalAmount, String shippingAddress,
                                String notes) implements OrderEvent {

    public static final String TYPE = "OrderCreated";
    public static final int SCHEMA_VERSION = 2;

    public OrderCreatedEvent {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive, was " + userId);
        }
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("items must not be empty");
        }
        items = List.copyOf(items);
        totalAmount = Money.of(totalAmount, "totalAmount");
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
     * One order line.
     *
     * @param productId the product (SKU)
     * @param quantity  how many, positive
     * @param unitPrice price of one, scale 2
     */
    public record Item(String productId, int quantity, BigDecimal unitPrice) {

        public Item {
            Objects.requireNonNull(productId, "productId");
            if (quantity <= 0) {
                throw new IllegalArgumentException("quantity must be positive, was " + quantity);
            }
            unitPrice = Money.of(unitPrice, "unitPrice");
        }
    }
}
