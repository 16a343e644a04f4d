package com.acme.orders.query.gettingbyamount;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.util.List;

/**
 * Active orders with {@code total_amount > amount}, by total then id, ascending, read along
 * {@code order_read_models_amount (total_amount, id)}; the row comparison continues after the previous page's
 * last order in the index's order.
 */
public final class OrdersAboveAmount {

    private static final String PAGE = """
            SELECT %s
            FROM order_read_models
            WHERE NOT is_deleted
              AND total_amount > :amount
              AND (total_amount, id) > (:afterAmount, :afterId)
            ORDER BY total_amount, id
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersAboveAmount(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> after(BigDecimal amount, BigDecimal afterAmount, long afterId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("amount", amount)
                .bind("afterAmount", afterAmount)
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }
}
