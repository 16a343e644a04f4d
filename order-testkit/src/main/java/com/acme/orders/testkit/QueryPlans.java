package com.acme.orders.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What PostgreSQL's statistics say about how a connection's statements ran: for tests of query plans. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** Rows of {@code table} read by sequential scans in the transaction in progress on {@code connection}. */
    public static long rowsScanned(Connection connection, String table) {
        return single(connection, "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = ?", table);
    }

    /**
     * Executions on a kept (generic) plan of the statements prepared on {@code connection} whose text contains
     * {@code fragment} (as the server sees it, parameters as {@code $1}, {@code $2}…).
     */
    public static long genericPlans(Connection connection, String fragment) {
        return single(connection, "SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements "
                + "WHERE strpos(statement, ?) > 0", fragment);
    }

    private static long single(Connection connection, String sql, String argument) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, argument);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's statistics: " + e.getMessage(), e);
        }
    }
}
