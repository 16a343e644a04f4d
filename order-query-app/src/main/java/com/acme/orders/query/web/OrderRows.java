package com.acme.orders.query.web;

import org.jdbi.v3.core.statement.StatementContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How a row of {@code order_read_models} becomes an {@link OrderJson}; every view selects {@link #COLUMNS}. */
public final class OrderRows {

    public static final String COLUMNS = """
            id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, user_username,
            user_email, items_count, version, cancellation_reason""";

    private OrderRows() {
    }

    /** A Jdbi {@code RowMapper}: {@code query.map(OrderRows::order)}. */
    public static OrderJson order(ResultSet rs, StatementContext ctx) throws SQLException {
        return new OrderJson(rs.getLong("id"), rs.getLong("user_id"), money(rs.getBigDecimal("total_amount")),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("shipping_address"), rs.getString("notes"),
                rs.getString("user_username"), rs.getString("user_email"), rs.getInt("items_count"),
                rs.getLong("version"), rs.getString("cancellation_reason"));
    }

    /** Money on the wire always has two decimals ({@code 5.00}, not {@code 5}). */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
