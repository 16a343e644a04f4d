package com.acme.orders.platform.db;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * For a statement that looks rows up by a list of keys ({@code id = ANY(:ids)}, or a join on such a list): planned
 * for its arguments at every execution, not once per connection ({@code .addCustomizer(PlannedEachTime.CUSTOMIZER)},
 * or {@link #apply} on a plain JDBC statement).
 *
 * <p>The driver prepares a statement on the server at its fifth execution, and PostgreSQL then keeps one generic plan
 * for it when that plan costs no more than the first ones did. Chosen while the table was empty (a fresh database, or
 * one autovacuum has not analysed yet), that plan is a sequential scan, and the connection keeps it however large the
 * table grows: under {@code make run} (BENCHMARKS.md, 2026-12-01 night) the orchestrator's locks read every order, line
 * and saga on each poll of replies, and the projector every read-model row and user on each batch. Planned each time,
 * such a statement uses its index at any size, for a few hundredths of a millisecond of planning.
 */
public final class PlannedEachTime implements StatementCustomizer {

    public static final PlannedEachTime CUSTOMIZER = new PlannedEachTime();

    private PlannedEachTime() {
    }

    /** Makes {@code statement} run unprepared on the server, so that each execution is planned for its arguments. */
    public static void apply(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }

    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        apply(statement);
    }
}
