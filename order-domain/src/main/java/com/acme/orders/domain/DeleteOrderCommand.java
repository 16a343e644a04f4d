package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Delete an order (soft: its history stays, it disappears from lists). See {@link OrderStatus#isDeletable()}.
 *
 * @param orderId         the order
 * @param expectedVersion when present, the version the client last saw
 */
public record DeleteOrderCommand(long orderId, OptionalLong expectedVersion) {

    public DeleteOrderCommand {
        OrderIds.check(orderId);
        Objects.requireNonNull(expectedVersion, "expectedVersion");
    }
}
