package com.acme.orders.domain;

import java.util.List;

/**
 * Place a new order. The total is never taken from the client: it is the sum of the lines.
 *
 * @param userId          the customer, positive
 * @param items           1 to {@value #MAX_ITEMS} lines
 * @param shippingAddress optional (digital goods, in-store pickup); when given, not blank and at most
 *                        {@value #MAX_ADDRESS_LENGTH} characters
 * @param notes           optional, at most {@value #MAX_NOTES_LENGTH} characters
 */
public record CreateOrderCommand(long userId, List<OrderLine> items, String shippingAddress, String notes) {

    public static final int MAX_ITEMS = 100;
    public static final int MAX_ADDRESS_LENGTH = 500;
    public static final int MAX_NOTES_LENGTH = 2_000;

    public CreateOrderCommand {
        if (userId <= 0) {
            throw new InvalidCommand("userId", "must be a positive integer, was " + userId);
        }
        if (items == null) {
            throw new InvalidCommand("items", "is required");
        }
        if (items.isEmpty()) {
            throw new InvalidCommand("items", "must contain at least one item");
        }
        if (items.size() > MAX_ITEMS) {
            throw new InvalidCommand("items", "must contain at most " + MAX_ITEMS + " items, had " + items.size());
        }
        items = List.copyOf(items);
        shippingAddress = shippingAddress == null ? null
                : Text.required("shippingAddress", shippingAddress, MAX_ADDRESS_LENGTH);
        notes = Text.optional("notes", notes, MAX_NOTES_LENGTH);
    }
}
