package com.acme.orders.command.store;

import com.acme.orders.domain.Change;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Newly placed orders, their lines and their creation events (and the events' places in the outbox), written
 * by one statement for any number of orders. Data-modifying CTEs make it a single round trip; a single statement is atomic on its own, so outside
 * a transaction it needs no BEGIN and COMMIT either (the foreign key from the lines is checked at its end).
 *
 * <p>This is the hottest statement of the service, so it binds through plain JDBC on the handle's connection:
 * profiled under load, Jdbi's per-argument type resolution cost as much CPU as the statement's JDBC work.
 */
public final class PlacedOrders {

    /** The statement: one array per column, one element per order (per line for the lines). */
    public static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS numeric[]), CAST(? AS text[]),
                                     CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS uuid[]),
                                     CAST(? AS text[]), CAST(? AS int[]), CAST(? AS jsonb[]))
                    AS t(id, user_id, total_amount, status, created_at, shipping_address, notes, event_id, type,
                         schema_version, payload)
            ), new_orders AS (
                INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                                    version, deleted_at)
                SELECT id, user_id, total_amount, status, created_at, created_at, shipping_address, notes, 1, NULL
                FROM input
            ), new_lines AS (
                INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
                SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS int[]),
                                     CAST(? AS numeric[]))
            ), new_events AS (
                INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                SELECT event_id, id, 1, type, schema_version, payload, created_at FROM input
                RETURNING position
            )
            INSERT INTO outbox (position) SELECT position FROM new_events
            """;

    private final EventCodec codec;

    public PlacedOrders(EventCodec codec) {
        this.codec = codec;
    }

    /** Writes one order created by {@code change}. */
    public void insert(Handle handle, Change change) {
        insertAll(handle, List.of(change));
    }

    /** Writes the orders created by {@code changes} (each version 1 with one creation event) in one statement. */
    public void insertAll(Handle handle, List<Change> changes) {
        int orders = changes.size();
        Object[] ids = new Object[orders];
        Object[] users = new Object[orders];
        Object[] totals = new Object[orders];
        Object[] statuses = new Object[orders];
        Object[] createdAt = new Object[orders];
        Object[] addresses = new Object[orders];
        Object[] notes = new Object[orders];
        Object[] eventIds = new Object[orders];
        Object[] types = new Object[orders];
        Object[] schemaVersions = new Object[orders];
        Object[] payloads = new Object[orders];
        List<Object> lineOrders = new ArrayList<>();
        List<Object> lineNumbers = new ArrayList<>();
        List<Object> products = new ArrayList<>();
        List<Object> quantities = new ArrayList<>();
        List<Object> prices = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Change change = changes.get(i);
            Order order = change.order();
            if (order.version() != 1 || change.events().size() != 1) {
                throw new IllegalArgumentException("order " + order.id() + " is not newly placed");
            }
            OrderEventEnvelope created = change.events().get(0);
            ids[i] = order.id();
            users[i] = order.userId();
            totals[i] = order.totalAmount().toPlainString();
            statuses[i] = order.status().name();
            createdAt[i] = order.createdAt().toString();
            addresses[i] = order.shippingAddress();
            notes[i] = order.notes();
            eventIds[i] = created.eventId().toString();
            types[i] = created.type();
            schemaVersions[i] = created.schemaVersion();
            payloads[i] = codec.encodePayload(created.payload());
            int line = 1;
            for (OrderLine item : order.items()) {
                lineOrders.add(order.id());
                lineNumbers.add(line++);
                products.add(item.productId());
                quantities.add(item.quantity());
                prices.add(item.unitPrice().toPlainString());
            }
        }
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, connection.createArrayOf("int8", ids));
            statement.setArray(2, connection.createArrayOf("int8", users));
            statement.setArray(3, connection.createArrayOf("text", totals));
            statement.setArray(4, connection.createArrayOf("text", statuses));
            statement.setArray(5, connection.createArrayOf("text", createdAt));
            statement.setArray(6, connection.createArrayOf("text", addresses));
            statement.setArray(7, connection.createArrayOf("text", notes));
            statement.setArray(8, connection.createArrayOf("text", eventIds));
            statement.setArray(9, connection.createArrayOf("text", types));
            statement.setArray(10, connection.createArrayOf("int4", schemaVersions));
            statement.setArray(11, connection.createArrayOf("text", payloads));
            statement.setArray(12, connection.createArrayOf("int8", lineOrders.toArray()));
            statement.setArray(13, connection.createArrayOf("int4", lineNumbers.toArray()));
            statement.setArray(14, connection.createArrayOf("text", products.toArray()));
            statement.setArray(15, connection.createArrayOf("int4", quantities.toArray()));
            statement.setArray(16, connection.createArrayOf("text", prices.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PlacingFailed(orders, e);
        }
    }

    /** The database refused or could not take the statement; the cause says which (and maps to 503 when down). */
    public static final class PlacingFailed extends RuntimeException {

        PlacingFailed(int orders, SQLException cause) {
            super("cannot store " + orders + " new orders: " + cause.getMessage(), cause);
        }
    }
}
