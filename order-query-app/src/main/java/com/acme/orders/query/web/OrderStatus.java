package com.acme.orders.query.web;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The statuses an order can be in, spelt as the read model stores them and as clients send them. */
public enum OrderStatus {
    /** Placed, not yet confirmed. */
    PENDING,
    /** Accepted for fulfilment. */
    CONFIRMED,
    /** Being picked and packed. */
    PROCESSING,
    /** Handed to the carrier. */
    SHIPPED,
    /** Arrived; final. */
    DELIVERED,
    /** Called off; final. */
    CANCELLED;

    /** Every name, comma-separated, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The status spelt exactly {@code text} (case matters, as everywhere else in the API). */
    public static Optional<OrderStatus> named(String text) {
        return Arrays.stream(values()).filter(status -> status.name().equals(text)).findFirst();
    }
}
