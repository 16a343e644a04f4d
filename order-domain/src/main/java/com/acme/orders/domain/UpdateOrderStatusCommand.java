package com.acme.orders.domain;

import com.acme.orders.events.Abbreviation;
import com.acme.orders.events.OrderStatus;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Move an order to another status.
 *
 * @param orderId         the order
 * @param newStatus       the status to move to
 * @param expectedVersion when present, the version the client last saw; a different current version is a
 *                        {@link StaleVersion}
 */
public record UpdateOrderStatusCommand(long orderId, OrderStatus newStatus, OptionalLong expectedVersion) {

    public UpdateOrderStatusCommand {
        OrderIds.check(orderId);
        if (newStatus == null) {
            throw new InvalidCommand("status", "is required");
        }
        Objects.requireNonNull(expectedVersion, "expectedVersion");
    }

    /**
     * The status named {@code text} (exact, upper case).
     *
     * @throws InvalidCommand naming {@code field} when there is no such status
     */
    public static OrderStatus parseStatus(String field, String text) {
        if (text == null) {
            throw new InvalidCommand(field, "is required");
        }
        return OrderStatus.named(text).orElseThrow(() -> new InvalidCommand(field,
                "must be one of " + OrderStatus.names() + ", was '" + Abbreviation.abbreviate(text) + "'"));
    }
}
