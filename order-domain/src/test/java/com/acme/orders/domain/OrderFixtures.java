package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** Orders in a given state, reached through real transitions. */
final class OrderFixtures {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private OrderFixtures() {
    }

    static CreateOrderCommand createCommand() {
        return new CreateOrderCommand(42, List.of(
                new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                new OrderLine("SKU-2", 1, new BigDecimal("5"))),
                "1 Main St", "leave at the door");
    }

    static Order pendingOrder() {
        return Order.create(7, createCommand(), T0).order();
    }

    static Order confirmedOrder() {
        return moveTo(pendingOrder(), OrderStatus.CONFIRMED);
    }

    static Order processingOrder() {
        return moveTo(confirmedOrder(), OrderStatus.PROCESSING);
    }

    static Order shippedOrder() {
        return moveTo(processingOrder(), OrderStatus.SHIPPED);
    }

    static Order deliveredOrder() {
        return moveTo(shippedOrder(), OrderStatus.DELIVERED);
    }

    static Order cancelledOrder() {
        return moveTo(pendingOrder(), OrderStatus.CANCELLED);
    }

    static Order deletedOrder() {
        Order pending = pendingOrder();
        return pending.delete(new DeleteOrderCommand(pending.id(), OptionalLong.empty()), later(pending)).order();
    }

    static Order inStatus(OrderStatus status) {
        return switch (status) {
            case PENDING -> pendingOrder();
            case CONFIRMED -> confirmedOrder();
            case PROCESSING -> processingOrder();
            case SHIPPED -> shippedOrder();
            case DELIVERED -> deliveredOrder();
            case CANCELLED -> cancelledOrder();
        };
    }

    static Order moveTo(Order order, OrderStatus status) {
        return order.changeStatus(to(order, status), later(order)).order();
    }

    static UpdateOrderStatusCommand to(Order order, OrderStatus status) {
        return new UpdateOrderStatusCommand(order.id(), status, OptionalLong.empty());
    }

    static Instant later(Order order) {
        return order.updatedAt().plusSeconds(60);
    }
}
