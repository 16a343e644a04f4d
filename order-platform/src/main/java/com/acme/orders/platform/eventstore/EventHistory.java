package com.acme.orders.platform.eventstore;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Reads the write database's event history: the hot {@code order_events} and the compressed
 * {@code order_events_archive}, merged by order and version, so that no reader needs to know which events have
 * been archived. An order's history may be split: archived events followed by hot ones appended later (a
 * cancelled order deleted after it was archived).
 *
 * <p>The archiver moves events from one table to the other in one transaction; a reader sees each event exactly
 * once only if it reads both tables in one snapshot. {@link #inSnapshot} gives it one.
 */
public final class EventHistory {

    private static final String HOT_COLUMNS = """
            position, event_id, order_id, version, type, schema_version, payload::text AS payload, occurred_at
            """;
    private static final Comparator<RecordedEvent> BY_ORDER_AND_VERSION =
            Comparator.comparingLong(RecordedEvent::orderId).thenComparingLong(RecordedEvent::version);

    private EventHistory() {
    }

    /**
     * Runs {@code callback} in a read-only REPEATABLE READ transaction: one snapshot of hot store and archive,
     * and cursors that stream (PostgreSQL's driver only streams with a fetch size inside a transaction).
     */
    public static <T, X extends Exception> T inSnapshot(Jdbi jdbi, HandleCallback<T, X> callback) throws X {
        try (Handle handle = jdbi.open()) {
            handle.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
            handle.begin();
            try {
                return callback.withHandle(handle);
            } finally {
                handle.rollback();
            }
        }
    }

    /** The events of one order with versions {@code from..to} inclusive, oldest first, archived ones included. */
    public static List<RecordedEvent> ofOrder(Handle handle, long orderId, long from, long to) {
        List<RecordedEvent> events = new ArrayList<>();
        handle.createQuery("SELECT blob FROM order_events_archive WHERE order_id = :orderId")
                .bind("orderId", orderId)
                .map((rs, ctx) -> rs.getBytes("blob"))
                .findOne()
                .ifPresent(blob -> ArchiveBlob.decode(orderId, blob).stream()
                        .filter(e -> e.version() >= from && e.version() <= to)
                        .forEach(events::add));
        events.addAll(handle.createQuery("SELECT " + HOT_COLUMNS + """
                         FROM order_events
                        WHERE order_id = :orderId AND version BETWEEN :from AND :to
                        ORDER BY version
                        """)
                .bind("orderId", orderId)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> hot(rs))
                .list());
        events.sort(BY_ORDER_AND_VERSION);
        return events;
    }

    /** Every event of one order, oldest first. */
    public static List<RecordedEvent> ofOrder(Handle handle, long orderId) {
        return ofOrder(handle, orderId, 1, Long.MAX_VALUE);
    }

    /**
     * Every event, ordered by order and version, streamed from both tables through server-side cursors; memory
     * stays constant whatever the store's size. The handle must be in a transaction, best one from
     * {@link #inSnapshot}; close the cursor when done.
     */
    public static Cursor inOrderOfOrders(Handle handle, int fetchSize) {
        ResultIterator<RecordedEvent> hot = handle.createQuery("SELECT " + HOT_COLUMNS + """
                         FROM order_events
                        ORDER BY order_id, version
                        """)
                .setFetchSize(fetchSize)
                .map((rs, ctx) -> hot(rs))
                .iterator();
        ResultIterator<List<RecordedEvent>> archived = handle.createQuery("""
                        SELECT order_id, blob FROM order_events_archive ORDER BY order_id
                        """)
                .setFetchSize(Math.max(1, fetchSize / 4))
                .map((rs, ctx) -> ArchiveBlob.decode(rs.getLong("order_id"), rs.getBytes("blob")))
                .iterator();
        return new Cursor(hot, archived);
    }

    /** The merge of the hot and the archived stream, both already in order of order and version. */
    public static final class Cursor implements Iterator<RecordedEvent>, AutoCloseable {

        private final ResultIterator<RecordedEvent> hot;
        private final ResultIterator<List<RecordedEvent>> archived;
        private Iterator<RecordedEvent> archivedOrder = List.<RecordedEvent>of().iterator();
        private RecordedEvent nextHot;
        private RecordedEvent nextArchived;

        private Cursor(ResultIterator<RecordedEvent> hot, ResultIterator<List<RecordedEvent>> archived) {
            this.hot = hot;
            this.archived = archived;
            advanceHot();
            advanceArchived();
        }

        @Override
        public boolean hasNext() {
            return nextHot != null || nextArchived != null;
        }

        @Override
        public RecordedEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordedEvent next;
            if (nextArchived == null
                    || nextHot != null && BY_ORDER_AND_VERSION.compare(nextHot, nextArchived) < 0) {
                next = nextHot;
                advanceHot();
            } else {
                next = nextArchived;
                advanceArchived();
            }
            return next;
        }

        private void advanceHot() {
            nextHot = hot.hasNext() ? hot.next() : null;
        }

        private void advanceArchived() {
            while (!archivedOrder.hasNext() && archived.hasNext()) {
                archivedOrder = archived.next().iterator();
            }
            nextArchived = archivedOrder.hasNext() ? archivedOrder.next() : null;
        }

        @Override
        public void close() {
            try {
                hot.close();
            } finally {
                archived.close();
            }
        }
    }

    private static RecordedEvent hot(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getLong("order_id"),
                rs.getLong("version"), rs.getString("type"), rs.getInt("schema_version"), rs.getString("payload"),
                rs.getTimestamp("occurred_at").toInstant(), false);
    }
}
