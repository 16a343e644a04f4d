package com.acme.orders.events;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an order is in its life. Moves only forward along
 * PENDING → CONFIRMED → PROCESSING → SHIPPED → DELIVERED, and may be cancelled until it ships. Part of the
 * published contract: events carry these names, and the read side and other services share the rules.
 */
public enum OrderStatus {

    /** Placed by the customer, not yet accepted. */
    PENDING,
    /** Accepted: payment and stock are confirmed. */
    CONFIRMED,
    /** Being picked and packed. */
    PROCESSING,
    /** Handed to the carrier; can no longer be cancelled. */
    SHIPPED,
    /** Received by the customer. Final. */
    DELIVERED,
    /** Called off before shipping. Final. */
    CANCELLED;

    /** The statuses this one may move to. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(CONFIRMED, CANCELLED);
            case CONFIRMED -> EnumSet.of(PROCESSING, CANCELLED);
            case PROCESSING -> EnumSet.of(SHIPPED, CANCELLED);
            case SHIPPED -> EnumSet.of(DELIVERED);
            case DELIVERED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canChangeTo(OrderStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /**
     * Whether an order in this status may be deleted: before anything was promised (PENDING) or once it is
     * over (DELIVERED, CANCELLED). An order in fulfilment (CONFIRMED, PROCESSING, SHIPPED) must be cancelled
     * or delivered first, so that deleting never hides a shipment in flight.
     */
    public boolean isDeletable() {
        return this == PENDING || isFinal();
    }

    /** The status spelt exactly {@code text} (case matters, as everywhere else in the API). */
    public static Optional<OrderStatus> named(String text) {
        return Arrays.stream(values()).filter(status -> status.name().equals(text)).findFirst();
    }

    /** All status names, comma separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
