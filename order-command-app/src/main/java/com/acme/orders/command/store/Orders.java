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

import static com.acme.orders.command.store.ColumnArrays.column;

/**
 * The write model, {@code orders} and {@code order_items}: the only code that writes them. New orders are
 * inserted in bulk (one statement for every order of a group commit); changes lock and update one row.
 */
public final class Orders {

    /**
     * New orders and their lines, any number in one statement: one array per column, one element per order (per
     * line for the lines). The foreign key from the lines is checked at the end of the statement.
     */
    private static final String INSERT = """
            WITH new_orders AS (
                INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                                    version, deleted_at)
                SELECT id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, version, NULL
                FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS numeric[]), CAST(? AS text[]),
                            CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]),
                            CAST(? AS bigint[]))
                    AS t(id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, version)
            )
            INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
            SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS int[]),
                                 CAST(? AS numeric[]))
            """;

    private final Transaction.BatchInsert<Order> inserts = Orders::insertAll;

    /** Adds a new order and its lines; stored with the transaction's other new orders. */
    public void insert(Transaction tx, Order order) {
        tx.defer(inserts, order);
    }

    /** Loads the order and locks its row until the transaction ends, so commands on one order queue up. */
    public Optional<Order> lock(Transaction tx, long orderId) {
        return load(tx.handle(), orderId, "FOR UPDATE");
    }

    /** Writes the order's new status, version, update time and deletion mark after one command. */
    public void update(Transaction tx, Order previous, Order next) {
        int updated = tx.handle().createUpdate("""
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

    /**
     * Binds through plain JDBC on the handle's connection: this is the hottest statement of the service, and
     * Jdbi's per-argument type resolution once cost as much CPU as the statement's JDBC work.
     */
    private static void insertAll(Handle handle, List<Order> orders) {
        int count = orders.size();
        Object[] ids = new Object[count];
        Object[] users = new Object[count];
        Object[] totals = new Object[count];
        Object[] statuses = new Object[count];
        Object[] createdAt = new Object[count];
        Object[] updatedAt = new Object[count];
        Object[] addresses = new Object[count];
        Object[] notes = new Object[count];
        Object[] versions = new Object[count];
        List<Object> lineOrders = new ArrayList<>();
        List<Object> lineNumbers = new ArrayList<>();
        List<Object> products = new ArrayList<>();
        List<Object> quantities = new ArrayList<>();
        List<Object> prices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Order order = orders.get(i);
            ids[i] = order.id();
            users[i] = order.userId();
            totals[i] = order.totalAmount().toPlainString();
            statuses[i] = order.status().name();
            createdAt[i] = order.createdAt().toString();
            updatedAt[i] = order.updatedAt().toString();
            addresses[i] = order.shippingAddress();
            notes[i] = order.notes();
            versions[i] = order.version();
            int line = 1;
            for (OrderLine item : order.items()) {
                lineOrders.add(order.id());
                lineNumbers.add(line++);
                products.add(item.productId());
                quantities.add(item.quantity());
                prices.add(item.unitPrice().toPlainString());
            }
        }
        ColumnArrays.execute(handle, INSERT, "cannot store " + count + " new orders",
                column("int8", ids), column("int8", users), column("text", totals), column("text", statuses),
                column("text", createdAt), column("text", updatedAt), column("text", addresses),
                column("text", notes), column("int8", versions),
                column("int8", lineOrders.toArray()), column("int4", lineNumbers.toArray()),
                column("text", products.toArray()), column("int4", quantities.toArray()),
                column("text", prices.toArray()));
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
