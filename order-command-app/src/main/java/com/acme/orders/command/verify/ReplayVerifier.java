package com.acme.orders.command.verify;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.platform.eventstore.EventHistory;
import com.acme.orders.platform.eventstore.RecordedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Complete state reconstruction: replays every order's events through the domain and checks the result
 * against the {@code orders} and {@code order_items} rows, field by field. Streams both sides in id order,
 * so a store of any size is checked in constant memory.
 */
public final class ReplayVerifier {

    /** At most this many mismatches are kept with details; all are counted. */
    static final int MAX_REPORTED = 100;

    /** One order whose rows do not match its history. */
    public record Mismatch(long orderId, String reason) {
    }

    public record Report(long ordersReplayed, long eventsReplayed, long mismatchCount, List<Mismatch> mismatches) {

        public boolean consistent() {
            return mismatchCount == 0;
        }

        public String summary() {
            return "replayed " + ordersReplayed + " orders from " + eventsReplayed + " events: "
                    + (consistent() ? "the write model matches the event store"
                    : mismatchCount + " orders do not match");
        }
    }

    private final Jdbi jdbi;
    private final EventStore events;

    public ReplayVerifier(Jdbi jdbi, EventStore events) {
        this.jdbi = jdbi;
        this.events = events;
    }

    /** Runs the full comparison; {@code progress} is told every 100,000 orders. */
    public Report verify(Consumer<String> progress) {
        // Two handles: both sides are streamed at once through server-side cursors.
        try (Handle eventHandle = jdbi.open(); Handle rowHandle = jdbi.open()) {
            // One snapshot of hot store and archive: an archiving batch committed meanwhile is seen entirely or not.
            eventHandle.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
            eventHandle.begin();
            rowHandle.begin();
            try (EventHistory.Cursor history = events.inOrderOfOrders(eventHandle);
                 ResultIterator<StoredRow> rows = rowsInOrder(rowHandle)) {
                return compare(new Replay(history), rows, progress);
            } finally {
                eventHandle.rollback();
                rowHandle.rollback();
            }
        }
    }

    private Report compare(Replay replay, ResultIterator<StoredRow> rows, Consumer<String> progress) {
        List<Mismatch> mismatches = new ArrayList<>();
        long[] count = {0};
        long orders = 0;
        Consumer<Mismatch> report = mismatch -> {
            count[0]++;
            if (mismatches.size() < MAX_REPORTED) {
                mismatches.add(mismatch);
            }
        };
        Replayed replayed = replay.next();
        StoredRow row = rows.hasNext() ? rows.next() : null;
        while (replayed != null || row != null) {
            if (row == null || replayed != null && replayed.orderId() < row.orderId()) {
                report.accept(new Mismatch(replayed.orderId(), "has events but no row in orders"));
                replayed = replay.next();
                continue;
            }
            if (replayed == null || row.orderId() < replayed.orderId()) {
                report.accept(new Mismatch(row.orderId(), "has a row in orders but no events"));
                row = rows.hasNext() ? rows.next() : null;
                continue;
            }
            orders++;
            String difference = replayed.failure() != null ? "history cannot be replayed: " + replayed.failure()
                    : differences(replayed.order(), row);
            if (difference != null) {
                report.accept(new Mismatch(row.orderId(), difference));
            }
            if (orders % 100_000 == 0) {
                progress.accept("verified " + orders + " orders");
            }
            replayed = replay.next();
            row = rows.hasNext() ? rows.next() : null;
        }
        return new Report(orders, replay.eventCount(), count[0], List.copyOf(mismatches));
    }

    /** The fields that differ, or null. Values of personal fields (address, notes) are not echoed. */
    static String differences(Order expected, StoredRow actual) {
        List<String> diffs = new ArrayList<>();
        diff(diffs, "userId", expected.userId(), actual.userId(), true);
        diff(diffs, "status", expected.status().name(), actual.status(), true);
        diff(diffs, "version", expected.version(), actual.version(), true);
        diff(diffs, "totalAmount", expected.totalAmount(), actual.totalAmount(), true);
        diff(diffs, "items", expected.items(), actual.items(), true);
        diff(diffs, "shippingAddress", expected.shippingAddress(), actual.shippingAddress(), false);
        diff(diffs, "notes", expected.notes(), actual.notes(), false);
        diff(diffs, "createdAt", expected.createdAt(), actual.createdAt(), true);
        diff(diffs, "updatedAt", expected.updatedAt(), actual.updatedAt(), true);
        diff(diffs, "deletedAt", expected.deletedAt(), actual.deletedAt(), true);
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static void diff(List<String> diffs, String field, Object fromEvents, Object inRow, boolean showValues) {
        if (!Objects.equals(fromEvents, inRow)) {
            diffs.add(showValues ? field + " is " + inRow + " but the events say " + fromEvents : field + " differs");
        }
    }

    private static ResultIterator<StoredRow> rowsInOrder(Handle handle) {
        return handle.createQuery("""
                        SELECT o.id, o.user_id, o.total_amount, o.status, o.created_at, o.updated_at,
                               o.shipping_address, o.notes, o.version, o.deleted_at,
                               i.product_ids, i.quantities, i.unit_prices
                        FROM orders o
                        LEFT JOIN LATERAL (
                            SELECT array_agg(product_id ORDER BY line) AS product_ids,
                                   array_agg(quantity ORDER BY line) AS quantities,
                                   array_agg(unit_price ORDER BY line) AS unit_prices
                            FROM order_items WHERE order_id = o.id) i ON true
                        ORDER BY o.id
                        """)
                .setFetchSize(2_000)
                .map((rs, ctx) -> StoredRow.of(rs))
                .iterator();
    }

    /**
     * One {@code orders} row with its lines, as stored: compared column by column, so that a row that breaks
     * the aggregate's invariants (a total that is not the sum of its lines) is still reported field by field.
     */
    record StoredRow(long orderId, long userId, BigDecimal totalAmount, String status, String shippingAddress,
                     String notes, Instant createdAt, Instant updatedAt, long version, Instant deletedAt,
                     List<OrderLine> items) {

        static StoredRow of(ResultSet rs) throws SQLException {
            return new StoredRow(rs.getLong("id"), rs.getLong("user_id"), rs.getBigDecimal("total_amount"),
                    rs.getString("status"), rs.getString("shipping_address"), rs.getString("notes"),
                    instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"),
                    instant(rs, "deleted_at"), lines(rs));
        }

        private static Instant instant(ResultSet rs, String column) throws SQLException {
            Timestamp timestamp = rs.getTimestamp(column);
            return timestamp == null ? null : timestamp.toInstant();
        }

        private static List<OrderLine> lines(ResultSet rs) throws SQLException {
            Array products = rs.getArray("product_ids");
            if (products == null) {
                return List.of();
            }
            String[] productIds = (String[]) products.getArray();
            Integer[] quantities = (Integer[]) rs.getArray("quantities").getArray();
            BigDecimal[] prices = (BigDecimal[]) rs.getArray("unit_prices").getArray();
            List<OrderLine> lines = new ArrayList<>(productIds.length);
            for (int i = 0; i < productIds.length; i++) {
                lines.add(new OrderLine(productIds[i], quantities[i], prices[i]));
            }
            return lines;
        }
    }

    /** An order rebuilt from its events, or why it could not be. */
    private record Replayed(long orderId, Order order, String failure) {
    }

    /** Groups the event stream by order and folds each group through the domain. */
    private final class Replay {

        private final EventHistory.Cursor history;
        private RecordedEvent pending;
        private long eventCount;

        Replay(EventHistory.Cursor history) {
            this.history = history;
            this.pending = history.hasNext() ? history.next() : null;
        }

        Replayed next() {
            if (pending == null) {
                return null;
            }
            long orderId = pending.orderId();
            List<OrderEventEnvelope> envelopes = new ArrayList<>();
            String failure = null;
            while (pending != null && pending.orderId() == orderId) {
                eventCount++;
                if (failure == null) {
                    try {
                        envelopes.add(events.decode(pending));
                    } catch (RuntimeException e) {
                        failure = "version " + pending.version() + " cannot be decoded: " + e.getMessage();
                    }
                }
                pending = history.hasNext() ? history.next() : null;
            }
            if (failure != null) {
                return new Replayed(orderId, null, failure);
            }
            try {
                return new Replayed(orderId, Order.replay(envelopes), null);
            } catch (RuntimeException e) {
                return new Replayed(orderId, null, e.getMessage());
            }
        }

        long eventCount() {
            return eventCount;
        }
    }
}
