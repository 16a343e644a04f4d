package com.acme.orders.query.consistency;

import com.acme.orders.platform.db.PlannedEachTime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The version the read model holds for some orders: one query however many requests wait.
 *
 * <p>One order, the case of every token read that arrives, is looked up by {@code id = ?} on a prepared plan: its
 * generic plan is the primary key's index even when made on an empty table, so it needs no planning per request
 * (0.13 ms of the read database's CPU per token read, 4× the lookup itself; BENCHMARKS.md, 2026-12-01 late). A list of
 * orders is planned each time ({@link PlannedEachTime}): the generic plan of {@code id = ANY(?)} made on an empty
 * table scans the table.
 */
final class OrderVersions {

    private static final String VERSION = """
            SELECT id, version
            FROM order_read_models
            WHERE id = ?
            """;

    private static final String VERSIONS = """
            SELECT id, version
            FROM order_read_models
            WHERE id = ANY(?)
            """;

    private OrderVersions() {
    }

    /** Order id to version, for those of {@code orderIds} that are in the read model (deleted ones included). */
    static Map<Long, Long> of(Connection connection, Collection<Long> orderIds) throws SQLException {
        if (orderIds.size() == 1) {
            try (PreparedStatement statement = connection.prepareStatement(VERSION)) {
                statement.setLong(1, orderIds.iterator().next());
                return read(statement);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(VERSIONS)) {
            PlannedEachTime.apply(statement);
            Array ids = connection.createArrayOf("bigint", orderIds.toArray());
            statement.setArray(1, ids);
            try {
                return read(statement);
            } finally {
                ids.free();
            }
        }
    }

    private static Map<Long, Long> read(PreparedStatement statement) throws SQLException {
        Map<Long, Long> versions = new HashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                versions.put(rows.getLong("id"), rows.getLong("version"));
            }
        }
        return versions;
    }
}
