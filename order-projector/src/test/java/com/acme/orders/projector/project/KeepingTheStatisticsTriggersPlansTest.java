package com.acme.orders.projector.project;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.readmodel.ReadModel;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's statistics trigger, run by every batch the projector writes, executes its lock and its update of
 * {@code order_statistics} on plans its session keeps (a parameter in the plan), not on plans made again for each
 * batch's statuses (the statuses written into the plan), and the statistics still add up. The plans are the ones
 * PostgreSQL executed, reported by {@code auto_explain} as notices to the projector's own connection.
 */
class KeepingTheStatisticsTriggersPlansTest {

    private static final String LOCK = "FROM order_statistics WHERE status = ANY";
    private static final String UPDATE = "UPDATE order_statistics s";

    @Test
    void batch_after_batch_the_trigger_locks_and_updates_on_kept_plans_and_the_statistics_add_up() {
        try (TestDatabase database = TestDatabase.create("statistics_plans")) {
            Postgres.migrate(database.dataSource(), ReadModel.MIGRATIONS);
            Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
            try (Handle handle = jdbi.open()) {
                handle.execute("LOAD 'auto_explain'");
                handle.execute("SET auto_explain.log_min_duration = 0");
                handle.execute("SET auto_explain.log_nested_statements = on");
                handle.execute("SET auto_explain.log_level = notice");
                // With the function calls' arguments, so the update's plan shows its statuses too.
                handle.execute("SET auto_explain.log_verbose = on");
                List<String> plans = new ArrayList<>();
                handle.addCustomizer(new StatementCustomizer() {
                    @Override
                    public void afterExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
                        for (SQLWarning notice = statement.getWarnings(); notice != null; notice = notice.getNextWarning()) {
                            plans.add(notice.getMessage());
                        }
                    }
                });
                OrderRows rows = new OrderRows();
                // Past PostgreSQL's five custom plans, after which it keeps a generic plan only if that costs no more.
                for (long id = 1; id <= 8; id++) {
                    plans.clear();
                    OrderRow row = row(id, id % 2 == 0 ? "PENDING" : "CONFIRMED");
                    handle.useTransaction(h -> rows.upsert(h, List.of(row)));
                }

                assertThat(plans).filteredOn(plan -> plan.contains(LOCK)).singleElement().asString()
                        .as("the lock's plan on the eighth batch").contains("ANY ($").doesNotContain("'{PENDING}'");
                assertThat(plans).filteredOn(plan -> plan.contains(UPDATE)).singleElement().asString()
                        .as("the update's plan on the eighth batch").contains("unnest($").doesNotContain("'{PENDING}'");
                Map<String, Long> counts = handle
                        .createQuery("SELECT status, order_count FROM order_statistics WHERE order_count > 0")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("PENDING", 4L, "CONFIRMED", 4L));
            }
        }
    }

    private static OrderRow row(long id, String status) {
        Instant at = Instant.parse("2026-12-01T22:00:00Z");
        return new OrderRow(id, 42, new BigDecimal("10.00"), status, at, at, "1 Main St", null, 1, false, 1, null);
    }
}
