package com.acme.orders.command.store;

import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.OrderStatus;
import org.jdbi.v3.core.Handle;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The write model: {@code orders} and {@code order_items}. */
public final class Orders {

    private static final String COLUMNS = """
            id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, version, deleted_at""";

    /** Loads the order and locks its row until the transaction ends, so commands on one order queue up. */
    public Optional<Order> lock(Handle handle, long orderId) {
        return load(handle, orderId, "FOR UPDATE");
    }

    public Optional<Order> find(Handle handle, long orderId) {
        return load(handle, orderId, "");
    }

    /** Writes the order's new status, version, update time and deletion mark after one command. */
    public void update(Handle handle, Order previous, Order next) {
        int updated = handle.createUpdate("""
                        UPDATE orders
                        SET status = :status, updated_at = :updatedAt, version = :version, deleted_at = :deletedAt
                        WHERE id = :id AND version = :previousVersion
                        """)
                .bind("status", next.status().name())
                .bind("updatedAt", next.updatedAt())
                .bind("version", next.version())
                .bind("deletedAt", next.deletedAt())
                .bind("id", next.id())
                .bind("previousVersion", previous.version())
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("order " + next.id() + " was not at version " + previous.version()
                    + " although it was locked");
        }
    }

    private Optional<Order> load(Handle handle, long orderId, String lock) {
        // One round trip: the order's columns repeat on each of its lines; only the orders row is locked.
        return handle.createQuery("""
                        SELECT o.id, o.user_id, o.total_amount, o.status, o.created_at, o.updated_at,
                               o.shipping_address, o.notes, o.version, o.deleted_at,
                               i.product_id, i.quantity, i.unit_price
                        FROM orders o JOIN order_items i ON i.order_id = o.id
                        WHERE o.id = :id
                        ORDER BY i.line
                        """ + (lock.isEmpty() ? "" : lock + " OF o"))
                .bind("id", orderId)
                .scanResultSet((supplier, ctx) -> {
                    ResultSet rs = supplier.get();
                    List<OrderLine> items = new ArrayList<>();
                    Header header = null;
                    while (rs.next()) {
                        if (header == null) {
                            header = Header.of(rs);
                        }
                        items.add(new OrderLine(rs.getString("product_id"), rs.getInt("quantity"),
                                rs.getBigDecimal("unit_price")));
                    }
                    return header == null ? Optional.<Order>empty() : Optional.of(header.withItems(items));
                });
    }

    /** The columns of one {@code orders} row, before its lines are known. */
    private record Header(long id, long userId, BigDecimal totalAmount, OrderStatus status, String shippingAddress,
                          String notes, Instant createdAt, Instant updatedAt, long version, Instant deletedAt) {

        static Header of(ResultSet rs) throws SQLException {
            return new Header(rs.getLong("id"), rs.getLong("user_id"), rs.getBigDecimal("total_amount"),
                    OrderStatus.valueOf(rs.getString("status")), rs.getString("shipping_address"),
                    rs.getString("notes"), instant(rs, "created_at"), instant(rs, "updated_at"),
                    rs.getLong("version"), instant(rs, "deleted_at"));
        }

        Order withItems(List<OrderLine> items) {
            return new Order(id, userId, items, totalAmount, status, shippingAddress, notes, createdAt, updatedAt,
                    version, deletedAt);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
