package com.acme.orders.domain;

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
}
