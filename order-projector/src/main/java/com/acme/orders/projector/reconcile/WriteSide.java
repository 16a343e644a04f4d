package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** The write database's {@code orders} with their item counts, as the reconciler reads them. */
final class WriteSide {

    private static final String SELECT = """
            SELECT o.id, o.user_id, o.version, o.status, o.total_amount, o.deleted_at IS NOT NULL AS deleted,
                   i.items_count
            FROM orders o
            CROSS JOIN LATERAL (SELECT count(*) AS items_count FROM order_items WHERE order_id = o.id) i
            """;

    /** The first {@code limit} orders after {@code afterId}, in id order. */
    List<WrittenOrder> page(Handle handle, long afterId, int limit) {
        return handle.createQuery(SELECT + "WHERE o.id > :after ORDER BY o.id LIMIT :limit")
                .bind("after", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> order(rs))
                .list();
    }

    /** These orders, in id order. */
    List<WrittenOrder> byIds(Handle handle, Collection<Long> ids) {
        return handle.createQuery(SELECT + "WHERE o.id = ANY(:ids) ORDER BY o.id")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", ids, SqlArrays.LONGS)
                .map((rs, ctx) -> order(rs))
                .list();
    }

    private static WrittenOrder order(ResultSet rs) throws SQLException {
        return new WrittenOrder(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("version"), rs.getString("status"),
                rs.getBigDecimal("total_amount"), rs.getInt("items_count"), rs.getBoolean("deleted"));
    }
}
