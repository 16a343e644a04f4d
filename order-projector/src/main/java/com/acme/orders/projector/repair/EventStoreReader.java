package com.acme.orders.projector.repair;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.core.result.ResultIterator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the event store ({@code order_events} in the write database), the source of truth the read model is
 * derived from: to fill a gap in one order's history, or to rebuild everything.
 */
public final class EventStoreReader {

    private static final String COLUMNS = "event_id, order_id, version, type, schema_version, payload::text AS payload, occurred_at";

    private final Jdbi writeDatabase;
    private final EventCodec codec;

    public EventStoreReader(Jdbi writeDatabase, EventCodec codec) {
        this.writeDatabase = writeDatabase;
        this.codec = codec;
    }

    /** The events of one order with versions {@code from..to} inclusive, oldest first (fewer if the store lacks some). */
    public List<OrderEventEnvelope> history(long orderId, long from, long to) {
        return writeDatabase.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM order_events
                        WHERE order_id = :orderId AND version BETWEEN :from AND :to
                        ORDER BY version
                        """)
                .bind("orderId", orderId)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> decode(rs))
                .list());
    }

    /**
     * Streams every event, grouped by order in version order, from one consistent snapshot of the store.
     * Memory stays constant whatever the store's size.
     */
    public void forEachInOrderOfOrders(Consumer<OrderEventEnvelope> sink) {
        try (Handle handle = writeDatabase.open()) {
            // Through the driver, not a raw BEGIN: PostgreSQL's JDBC driver only streams with a fetch size while
            // it knows it is inside a transaction; otherwise it reads the whole result into memory.
            handle.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
            handle.begin();
            try (ResultIterator<OrderEventEnvelope> events = handle.createQuery("SELECT " + COLUMNS + """
                             FROM order_events
                            ORDER BY order_id, version
                            """)
                    .setFetchSize(5_000)
                    .map((rs, ctx) -> decode(rs))
                    .iterator()) {
                events.forEachRemaining(sink);
            } finally {
                handle.rollback();
            }
        }
    }

    private OrderEventEnvelope decode(ResultSet rs) throws SQLException {
        return new OrderEventEnvelope(rs.getObject("event_id", UUID.class), rs.getLong("order_id"),
                rs.getLong("version"), rs.getTimestamp("occurred_at").toInstant(),
                codec.decodePayload(rs.getString("type"), rs.getInt("schema_version"), rs.getString("payload")));
    }
}
