package com.acme.orders.query.gettingorders;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** Orders not deleted, by id descending: the primary key read backwards (deleted orders are few and skipped). */
public final class ActiveOrders {

    private static final String PAGE = """
            SELECT %s
            FROM order_read_models
            WHERE NOT is_deleted AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public ActiveOrders(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> below(long beforeId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }
}
