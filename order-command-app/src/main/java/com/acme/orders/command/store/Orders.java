package com.acme.orders.command.store;

import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.acme.orders.command.store.ColumnArrays.column;

/**
 * The write model, {@code orders} and {@code order_items}: the only code that writes them. New orders are
 * inserted in bulk (one statement for every order of a group commit); changes lock their rows and are written
 * in one round trip for the whole transaction.
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
    private final Transaction.BatchInsert<Update> updates = Orders::updateAll;

    /** Adds a new order and its lines; stored with the transaction's other new orders. */
    public void insert(Transaction tx, Order order) {
        tx.defer(inserts, order);
    }

    /** Loads the order and locks its row until the transaction ends, so commands on one order queue up. */
    public Optional<Order> lock(Transaction tx, long orderId) {
        return load(tx.handle(), orderId, "FOR UPDATE");
    }

    /**
     * Writes the order's new status, version, update time and deletion mark after one command; stored with the
     * transaction's other changes of orders (one round trip for all of them, in the order made, so two changes of
     * one order apply one after the other). The order must be locked ({@link #lock}, {@link #lockAll}).
     */
    public void update(Transaction tx, Order previous, Order next) {
        tx.defer(updates, new Update(previous, next));
    }

    /** One order's change, from the version it was locked at. */
    private record Update(Order previous, Order next) {
    }

    private static void updateAll(Handle handle, List<Update> updates) {
        PreparedBatch batch = handle.prepareBatch("""
                UPDATE orders
                SET status = :status, updated_at = :updatedAt, version = :version, deleted_at = :deletedAt
                WHERE id = :id AND version = :previousVersion
                """);
        for (Update update : updates) {
            batch.bind("status", update.next().status().name())
                    .bind("updatedAt", update.next().updatedAt())
                    .bind("version", update.next().version())
                    .bind("deletedAt", update.next().deletedAt())
                    .bind("id", update.next().id())
                    .bind("previousVersion", update.previous().version())
                    .add();
        }
        int[] counts = batch.execute();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                Update update = updates.get(i);
                throw new IllegalStateException("order " + update.next().id() + " was not at version "
                        + update.previous().version() + " although it was locked");
            }
        }
    }

    /**
     * Loads the orders and locks their rows until the transaction ends, in the order of their ids (as every
     * transaction that locks several does, so two never wait for each other), in one round trip.
     *
     * @return the orders found, by id
     */
    public Map<Long, Order> lockAll(Transaction tx, Collection<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return new HashMap<>();
        }
        // The ids twice: the planner does not carry "= ANY" across the join, and without the lines' own
        // condition it read every line of every order (a hash join over order_items, 2026-11-30).
        return tx.handle().createQuery(SELECT + """
                        WHERE o.id = ANY(:ids) AND i.order_id = ANY(:ids)
                        ORDER BY o.id, i.line
                        FOR UPDATE OF o""")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", List.copyOf(orderIds), SqlArrays.LONGS)
                .scanResultSet((supplier, ctx) -> orders(supplier.get()));
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

    /** An order's columns, repeated on each of its lines. */
    private static final String SELECT = """
            SELECT o.id, o.user_id, o.total_amount, o.status, o.created_at, o.updated_at,
                   o.shipping_address, o.notes, o.version, o.deleted_at,
                   i.product_id, i.quantity, i.unit_price
            FROM orders o JOIN order_items i ON i.order_id = o.id
            """;

    private Optional<Order> load(Handle handle, long orderId, String lock) {
        // One round trip: the order's columns repeat on each of its lines; only the orders row is locked.
        return handle.createQuery(SELECT + """
                        WHERE o.id = :id
                        ORDER BY i.line
                        """ + (lock.isEmpty() ? "" : lock + " OF o"))
                .bind("id", orderId)
                .scanResultSet((supplier, ctx) -> orders(supplier.get()).values().stream().findFirst());
    }

    /** The orders of rows ordered by order, each order's lines in order. */
    private static Map<Long, Order> orders(ResultSet rs) throws SQLException {
        Map<Long, Order> orders = new LinkedHashMap<>();
        Header header = null;
        List<OrderLine> items = new ArrayList<>();
        while (rs.next()) {
            long id = rs.getLong("id");
            if (header != null && header.id() != id) {
                orders.put(header.id(), header.withItems(items));
                items = new ArrayList<>();
                header = null;
            }
            if (header == null) {
                header = Header.of(rs);
            }
            items.add(new OrderLine(rs.getString("product_id"), rs.getInt("quantity"),
                    rs.getBigDecimal("unit_price")));
        }
        if (header != null) {
            orders.put(header.id(), header.withItems(items));
        }
        return orders;
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
