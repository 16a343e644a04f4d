package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The read database's {@code order_read_models}, each row with whether its user columns match
 * {@code user_directory}, the source of truth for users. A user the directory does not know yet must have null
 * columns; {@code IS DISTINCT FROM} says exactly that.
 */
final class ReadSide {

    private static final String SELECT = """
            SELECT o.id, o.user_id, o.version, o.status, o.total_amount, o.items_count, o.is_deleted,
                   o.user_username IS DISTINCT FROM u.username AS username_differs,
                   o.user_email IS DISTINCT FROM u.email AS email_differs
            FROM order_read_models o
            LEFT JOIN user_directory u ON u.user_id = o.user_id
            """;

    /** The first {@code limit} rows after {@code afterId}, in id order. */
    List<ProjectedOrder> page(Handle handle, long afterId, int limit) {
        return handle.createQuery(SELECT + "WHERE o.id > :after ORDER BY o.id LIMIT :limit")
                .bind("after", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> order(rs))
                .list();
    }

    /** The rows of these orders, in id order. */
    List<ProjectedOrder> byIds(Handle handle, Collection<Long> ids) {
        return handle.createQuery(SELECT + "WHERE o.id = ANY(:ids) ORDER BY o.id")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", ids, SqlArrays.LONGS)
                .map((rs, ctx) -> order(rs))
                .list();
    }

    private static ProjectedOrder order(ResultSet rs) throws SQLException {
        return new ProjectedOrder(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("version"),
                rs.getString("status"), rs.getBigDecimal("total_amount"), rs.getInt("items_count"),
                rs.getBoolean("is_deleted"), rs.getBoolean("username_differs"), rs.getBoolean("email_differs"));
    }
}
