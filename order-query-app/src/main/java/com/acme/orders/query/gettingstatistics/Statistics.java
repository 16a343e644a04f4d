package com.acme.orders.query.gettingstatistics;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures over all active orders.
 *
 * @param totalOrders   how many
 * @param countByStatus how many per status, every status listed (0 included), in the statuses' order
 * @param totalAmount   their totals summed, two decimals
 * @param averageAmount {@code totalAmount / totalOrders}, two decimals rounded half up; 0.00 without orders
 */
public record Statistics(long totalOrders, Map<String, Long> countByStatus, BigDecimal totalAmount,
                         BigDecimal averageAmount) {

    public Statistics {
        countByStatus = Collections.unmodifiableMap(new LinkedHashMap<>(countByStatus));
    }
}
