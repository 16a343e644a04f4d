package com.acme.orders.query.web;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the query API shows it: the read model's columns in camelCase. {@code userUsername} and
 * {@code userEmail} are null until the user service has told the projector about the user.
 * {@code cancellationReason} says why the order service cancelled the order (its saga could not reserve the stock,
 * take the payment, or a participant did not answer); null for every other order, a customer's own cancel too.
 */
public record OrderJson(long id, long userId, BigDecimal totalAmount, String status, Instant createdAt,
                        Instant updatedAt, String shippingAddress, String notes, String userUsername,
                        String userEmail, int itemsCount, long version, String cancellationReason) {
}
