package com.acme.orders.query.gettingstatistics;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code order_statistics}: one row per status that the projector updates in the same transaction as
 * the orders, so a request reads six rows instead of aggregating the whole read model.
 */
public final class OrderStatistics {

    private static final String PER_STATUS = """
            SELECT status, order_count, total_amount
            FROM order_statistics
            """;

    /** The figures of one status. */
    private record StatusFigures(String status, long orderCount, BigDecimal totalAmount) {
    }

    private final Jdbi jdbi;

    public OrderStatistics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Statistics read() {
        Map<String, StatusFigures> byStatus = new LinkedHashMap<>();
        jdbi.withHandle(handle -> handle.createQuery(PER_STATUS)
                        .map((rs, ctx) -> new StatusFigures(rs.getString("status"), rs.getLong("order_count"),
                                rs.getBigDecimal("total_amount")))
                        .list())
                .forEach(figures -> byStatus.put(figures.status(), figures));

        Map<String, Long> countByStatus = new LinkedHashMap<>();
        long totalOrders = 0;
        BigDecimal totalAmount = BigDecimal.ZERO;
        for (OrderStatus status : OrderStatus.values()) {
            StatusFigures figures = byStatus.getOrDefault(status.name(),
                    new StatusFigures(status.name(), 0, BigDecimal.ZERO));
            countByStatus.put(status.name(), figures.orderCount());
            totalOrders += figures.orderCount();
            totalAmount = totalAmount.add(figures.totalAmount());
        }
        BigDecimal average = totalOrders == 0 ? BigDecimal.ZERO
                : totalAmount.divide(BigDecimal.valueOf(totalOrders), 2, RoundingMode.HALF_UP);
        return new Statistics(totalOrders, countByStatus, OrderRows.money(totalAmount), OrderRows.money(average));
    }
}
