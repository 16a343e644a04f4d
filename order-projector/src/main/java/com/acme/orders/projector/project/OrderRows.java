package com.acme.orders.projector.project;

import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code order_read_models}: locking the rows a batch touches and writing them back in one statement, and the
 * reconciler's repair writes, which replace a row whatever it holds.
 */
public final class OrderRows {

    private static final String SELECT_ROWS = """
            SELECT id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                   items_count, is_deleted, version, cancellation_reason
            FROM order_read_models
            """;

    /**
     * The current rows of these orders, locked until the transaction ends (in id order, to avoid deadlocks). One
     * order, what most batches hold below a few hundred orders a second, is looked up on a plan the session keeps
     * (the primary key's index, whatever the table held when the plan was made); a list is planned for its keys.
     */
    public Map<Long, OrderRow> lock(Handle handle, Collection<Long> ids) {
        Query query = ids.size() == 1
                ? handle.createQuery(SELECT_ROWS + "WHERE id = :id FOR UPDATE").bind("id", ids.iterator().next())
                : handle.createQuery(SELECT_ROWS + "WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                        .addCustomizer(PlannedEachTime.CUSTOMIZER)
                        .bindByType("ids", ids, SqlArrays.LONGS);
        Map<Long, OrderRow> rows = new HashMap<>();
        query.map((rs, ctx) -> row(rs)).forEach(row -> rows.put(row.id(), row));
        return rows;
    }

    /**
     * Inserts new rows (taking the user's name and email from the directory) and advances existing ones;
     * a row is never moved back to an older version.
     */
    public void upsert(Handle handle, Collection<OrderRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<OrderRow> list = List.copyOf(rows);
        handle.createUpdate("""
                        INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at,
                                                       shipping_address, notes, user_username, user_email,
                                                       items_count, is_deleted, version, cancellation_reason)
                        SELECT v.id, v.user_id, v.total_amount, v.status, v.created_at, v.updated_at,
                               v.shipping_address, v.notes, u.username, u.email, v.items_count, v.is_deleted, v.version,
                               v.cancellation_reason
                        FROM unnest(CAST(:id AS bigint[]), CAST(:userId AS bigint[]), CAST(:total AS numeric[]),
                                    CAST(:status AS text[]), CAST(:createdAt AS timestamptz[]),
                                    CAST(:updatedAt AS timestamptz[]), CAST(:address AS text[]),
                                    CAST(:notes AS text[]), CAST(:itemsCount AS int[]), CAST(:deleted AS boolean[]),
                                    CAST(:version AS bigint[]), CAST(:reason AS text[]))
                             AS v(id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                                  items_count, is_deleted, version, cancellation_reason)
                        LEFT JOIN user_directory u ON u.user_id = v.user_id
                        ON CONFLICT (id) DO UPDATE
                            SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
                                is_deleted = EXCLUDED.is_deleted, version = EXCLUDED.version,
                                cancellation_reason = EXCLUDED.cancellation_reason
                            WHERE order_read_models.version < EXCLUDED.version
                        """)
                // The join with the directory, planned for a batch of many users once its table has grown.
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("id", list.stream().map(OrderRow::id).toList(), SqlArrays.LONGS)
                .bindByType("userId", list.stream().map(OrderRow::userId).toList(), SqlArrays.LONGS)
                .bindByType("total", list.stream().map(r -> r.totalAmount().toPlainString()).toList(),
                        SqlArrays.STRINGS)
                .bindByType("status", list.stream().map(OrderRow::status).toList(), SqlArrays.STRINGS)
                .bindByType("createdAt", list.stream().map(r -> r.createdAt().toString()).toList(), SqlArrays.STRINGS)
                .bindByType("updatedAt", list.stream().map(r -> r.updatedAt().toString()).toList(), SqlArrays.STRINGS)
                .bindByType("address", list.stream().map(OrderRow::shippingAddress).toList(), SqlArrays.STRINGS)
                .bindByType("notes", list.stream().map(OrderRow::notes).toList(), SqlArrays.STRINGS)
                .bindByType("itemsCount", list.stream().map(OrderRow::itemsCount).toList(), SqlArrays.INTEGERS)
                .bindByType("deleted", list.stream().map(OrderRow::deleted).toList(), SqlArrays.BOOLEANS)
                .bindByType("version", list.stream().map(OrderRow::version).toList(), SqlArrays.LONGS)
                .bindByType("reason", list.stream().map(OrderRow::cancellationReason).toList(), SqlArrays.STRINGS)
                .execute();
    }

    /**
     * Overwrites every column of an existing row (the user's name and email from the directory). Unlike
     * {@link #upsert} it moves a row back to an older version too: a repair must undo a corrupt version. The
     * caller holds the row's lock and derived {@code row} from the event store after taking it.
     */
    public void replace(Handle handle, OrderRow row) {
        handle.createUpdate("""
                        UPDATE order_read_models
                        SET user_id = :userId, total_amount = :total, status = :status,
                            created_at = CAST(:createdAt AS timestamptz), updated_at = CAST(:updatedAt AS timestamptz),
                            shipping_address = :address, notes = :notes,
                            user_username = (SELECT username FROM user_directory WHERE user_id = :userId),
                            user_email = (SELECT email FROM user_directory WHERE user_id = :userId),
                            items_count = :itemsCount, is_deleted = :deleted, version = :version,
                            cancellation_reason = :reason
                        WHERE id = :id
                        """)
                .bind("id", row.id())
                .bind("userId", row.userId())
                .bind("total", row.totalAmount())
                .bind("status", row.status())
                .bind("createdAt", row.createdAt().toString())
                .bind("updatedAt", row.updatedAt().toString())
                .bind("address", row.shippingAddress())
                .bind("notes", row.notes())
                .bind("itemsCount", row.itemsCount())
                .bind("deleted", row.deleted())
                .bind("version", row.version())
                .bind("reason", row.cancellationReason())
                .execute();
    }

    /** Deletes the row of an order the event store does not know. */
    public void remove(Handle handle, long id) {
        handle.createUpdate("DELETE FROM order_read_models WHERE id = :id").bind("id", id).execute();
    }

    static OrderRow row(ResultSet rs) throws SQLException {
        return new OrderRow(rs.getLong("id"), rs.getLong("user_id"), rs.getBigDecimal("total_amount"),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("shipping_address"), rs.getString("notes"),
                rs.getInt("items_count"), rs.getBoolean("is_deleted"), rs.getLong("version"),
                rs.getString("cancellation_reason"));
    }
}
