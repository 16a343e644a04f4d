package com.acme.orders.command.store;

import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One statement for any number of rows: each parameter is an SQL array holding one column, rows in array order
 * (the statement unnests them). Plain JDBC, because these statements run for every command.
 */
final class ColumnArrays {

    /** One column: its SQL element type (e.g. {@code int8}) and its values, one per row. */
    record Column(String sqlType, Object[] values) {
    }

    private ColumnArrays() {
    }

    static Column column(String sqlType, Object[] values) {
        return new Column(sqlType, values);
    }

    /** Runs {@code sql} with {@code columns} bound as parameters 1..n; a refusal becomes {@link StatementFailed}. */
    static void execute(Handle handle, String sql, String whatFailed, Column... columns) {
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, connection.createArrayOf(columns[i].sqlType(), columns[i].values()));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StatementFailed(whatFailed, e);
        }
    }
}
