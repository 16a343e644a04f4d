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

/** The version the read model holds for some orders: one query however many requests wait. */
final class OrderVersions {

    private static final String VERSIONS = """
            SELECT id, version
            FROM order_read_models
            WHERE id = ANY(?)
            """;

    private OrderVersions() {
    }

    /** Order id to version, for those of {@code orderIds} that are in the read model (deleted ones included). */
    static Map<Long, Long> of(Connection connection, Collection<Long> orderIds) throws SQLException {
        Map<Long, Long> versions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(VERSIONS)) {
            PlannedEachTime.apply(statement);
            Array ids = connection.createArrayOf("bigint", orderIds.toArray());
            statement.setArray(1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getLong("id"), rows.getLong("version"));
                }
            } finally {
                ids.free();
            }
        }
        return versions;
    }
}
