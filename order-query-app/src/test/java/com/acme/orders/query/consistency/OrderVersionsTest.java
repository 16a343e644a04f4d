package com.acme.orders.query.consistency;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.readmodel.ReadModel;
import com.acme.orders.testkit.QueryPlans;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versions a token read compares against: right for one order and for many, and the one-order lookup, which every
 * token read makes, runs on the plan the connection keeps, made while the table was empty, and still uses the index.
 */
class OrderVersionsTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create("order_versions");
        Postgres.migrate(database.dataSource(), ReadModel.MIGRATIONS);
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void one_order_is_looked_up_on_a_kept_plan_that_still_uses_the_index_once_the_table_has_grown() throws SQLException {
        try (Connection connection = database.connect()) {
            // Past the driver's fifth execution and PostgreSQL's five custom plans, on an empty table.
            for (int i = 0; i < 20; i++) {
                assertThat(OrderVersions.of(connection, List.of(7L))).isEmpty();
            }
            execute(connection, """
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at, items_count,
                                                   version)
                    SELECT n, n % 100, 10, 'PENDING', now(), now(), 1, n % 5 + 1 FROM generate_series(1, 20000) AS n
                    """);
            // pg_stat_xact_user_tables counts for the transaction in progress.
            connection.setAutoCommit(false);
            long scannedBefore = QueryPlans.rowsScanned(connection, "order_read_models");

            assertThat(OrderVersions.of(connection, List.of(7L))).containsExactly(Map.entry(7L, 3L));

            assertThat(QueryPlans.rowsScanned(connection, "order_read_models") - scannedBefore)
                    .as("rows read by scanning the table").isZero();
            connection.commit();
            assertThat(QueryPlans.genericPlans(connection, "WHERE id = $1")).as("executions on the kept (generic) plan")
                    .isPositive();
        }
    }

    @Test
    void many_orders_come_back_with_their_versions_and_unknown_ones_are_left_out() throws SQLException {
        try (Connection connection = database.connect()) {
            execute(connection, """
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at, items_count,
                                                   version)
                    VALUES (900001, 1, 10, 'PENDING', now(), now(), 1, 4), (900002, 1, 10, 'PENDING', now(), now(), 1, 9)
                    ON CONFLICT (id) DO NOTHING
                    """);

            assertThat(OrderVersions.of(connection, List.of(900001L, 900002L, 900003L)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(900001L, 4L, 900002L, 9L));
            assertThat(OrderVersions.of(connection, List.of(900003L))).isEmpty();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
