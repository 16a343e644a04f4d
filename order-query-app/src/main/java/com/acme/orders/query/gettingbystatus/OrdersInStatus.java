package com.acme.orders.query.gettingbystatus;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** Active orders in one status by id descending, read along {@code order_read_models_status (status, id DESC)}. */
public final class OrdersInStatus {

    private static final String PAGE = """
            SELECT %s
            FROM order_read_models
            WHERE NOT is_deleted AND status = :status AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersInStatus(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> below(OrderStatus status, long beforeId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("status", status.name())
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }
}
