package com.acme.orders.query.gettingbyuser;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * A user's active orders by id descending, read along {@code order_read_models_user (user_id, id DESC)}; the
 * status, when given, is checked on the way (one user has few orders).
 */
public final class OrdersOfUser {

    private static final String PAGE = """
            SELECT %s
            FROM order_read_models
            WHERE user_id = :userId AND NOT is_deleted AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private static final String PAGE_IN_STATUS = """
            SELECT %s
            FROM order_read_models
            WHERE user_id = :userId AND NOT is_deleted AND status = :status AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersOfUser(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> below(long userId, long beforeId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("userId", userId)
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }

    List<OrderJson> below(long userId, OrderStatus status, long beforeId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE_IN_STATUS)
                .bind("userId", userId)
                .bind("status", status.name())
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }
}
