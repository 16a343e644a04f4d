package com.acme.orders.projector.project;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderCancelledEvent;
import com.acme.orders.events.OrderDeletedEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatusUpdatedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One order as the read model shows it (without the user's name and email, which come from the user
 * directory). Built from the creation event and advanced one version at a time; the incremental projection
 * and the rebuild both use it, so they cannot disagree. {@code cancellationReason} is the reason of the
 * {@link OrderCancelledEvent} that cancelled it (null otherwise; a customer's own cancel has none).
 */
public record OrderRow(long id, long userId, BigDecimal totalAmount, String status, Instant createdAt,
                       Instant updatedAt, String shippingAddress, String notes, int itemsCount, boolean deleted,
                       long version, String cancellationReason) {

    /** The row an {@link OrderCreatedEvent} describes. */
    public static OrderRow created(OrderEventEnvelope event) {
        if (!(event.payload() instanceof OrderCreatedEvent created)) {
            throw new InvalidEvent(event.type() + " version " + event.version() + " of order " + event.orderId()
                    + " arrived before the order was created");
        }
        if (event.version() != 1) {
            throw new InvalidEvent("OrderCreated of order " + event.orderId() + " has version " + event.version()
                    + ", not 1");
        }
        return new OrderRow(event.orderId(), created.userId(), created.totalAmount(), "PENDING",
                event.occurredAt(), event.occurredAt(), created.shippingAddress(), created.notes(),
                created.items().size(), false, 1, null);
    }

    /**
     * The row an order's whole history (oldest first) ends in, or empty when there is no history. Throws
     * {@link InvalidEvent} when a version is missing or out of order, rather than guessing.
     */
    public static Optional<OrderRow> replay(List<OrderEventEnvelope> history) {
        OrderRow row = null;
        for (OrderEventEnvelope event : history) {
            long expected = row == null ? 1 : row.version() + 1;
            if (event.version() != expected) {
                throw new InvalidEvent("order " + event.orderId() + " jumps from version " + (expected - 1) + " to "
                        + event.version() + " in the event store");
            }
            row = row == null ? created(event) : row.apply(event);
        }
        return Optional.ofNullable(row);
    }

    /** This row after {@code event}, which must be its next version (the caller checks the version). */
    public OrderRow apply(OrderEventEnvelope event) {
        if (event.payload() instanceof OrderStatusUpdatedEvent updated) {
            return next(event, updated.newStatus(), deleted, cancellationReason);
        }
        if (event.payload() instanceof OrderDeletedEvent) {
            return next(event, status, true, cancellationReason);
        }
        if (event.payload() instanceof OrderCancelledEvent cancelled) {
            return next(event, "CANCELLED", deleted, cancelled.reason());
        }
        throw new InvalidEvent("order " + id + " was already created; version " + event.version() + " is another "
                + event.type());
    }

    private OrderRow next(OrderEventEnvelope event, String newStatus, boolean newDeleted, String reason) {
        return new OrderRow(id, userId, totalAmount, newStatus, createdAt, event.occurredAt(), shippingAddress, notes,
                itemsCount, newDeleted, event.version(), reason);
    }
}
