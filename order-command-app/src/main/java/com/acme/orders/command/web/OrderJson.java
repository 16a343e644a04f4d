package com.acme.orders.command.web;

import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order on the wire: the seed's columns in camelCase plus {@code version}, {@code items} and {@code deleted}. */
public record OrderJson(long id, long userId, BigDecimal totalAmount, String status, Instant createdAt,
                        Instant updatedAt, String shippingAddress, String notes, long version, List<Item> items,
                        boolean deleted) {

    public record Item(String productId, int quantity, BigDecimal unitPrice) {
    }

    public static OrderJson of(Order order) {
        return new OrderJson(order.id(), order.userId(), order.totalAmount(), order.status().name(),
                order.createdAt(), order.updatedAt(), order.shippingAddress(), order.notes(), order.version(),
                order.items().stream().map(OrderJson::item).toList(), order.isDeleted());
    }

    private static Item item(OrderLine line) {
        return new Item(line.productId(), line.quantity(), line.unitPrice());
    }
}
