package com.acme.orders.query.gettingbydaterange;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/**
 * Active orders created in a range, newest first, read along
 * {@code order_read_models_created (created_at DESC, id DESC)}: the row comparison continues exactly after the
 * previous page's last order, in the index's own order, so ties on {@code created_at} are neither lost nor
 * repeated.
 */
public final class OrdersCreatedBetween {

    private static final String PAGE = """
            SELECT %s
            FROM order_read_models
            WHERE NOT is_deleted
              AND created_at >= :from AND created_at < :to
              AND (created_at, id) < (:beforeCreatedAt, :beforeId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersCreatedBetween(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> before(DateRange range, Instant beforeCreatedAt, long beforeId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("from", range.from())
                .bind("to", range.to())
                .bind("beforeCreatedAt", beforeCreatedAt)
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }
}
