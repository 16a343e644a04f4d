package com.acme.orders.platform.db;

import com.acme.orders.testkit.QueryPlans;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup by a list of keys that ran while its table was empty keeps using the index once the table has grown, on
 * the same connection and without ANALYZE (this machine's PostgreSQL runs without autovacuum). The same lookup
 * without {@link PlannedEachTime} is the control: it scans the whole table, so the check can fail.
 */
class PlanningKeyLookupsEachTimeTest {

    private static final String LOOKUP = "SELECT label FROM items WHERE id = ANY(:ids)";

    @Test
    void a_lookup_planned_each_time_uses_the_index_after_its_table_grew_and_a_prepared_one_scans_the_table() {
        try (TestDatabase database = TestDatabase.create("planning");
             Handle handle = Jdbi.create(database.jdbcUrl(), database.user(), database.password()).open()) {
            // A row as wide as a read model's: the planner takes a table that was never vacuumed to hold 10 pages' worth,
            // few enough rows that scanning them costs less than the index.
            handle.execute("CREATE TABLE items (id bigint PRIMARY KEY, label text NOT NULL, "
                    + IntStream.rangeClosed(1, 20).mapToObj(i -> "column" + i + " text").collect(Collectors.joining(", "))
                    + ")");
            Function<Handle, Query> plannedEachTime = h -> h.createQuery(LOOKUP).addCustomizer(PlannedEachTime.CUSTOMIZER);
            Function<Handle, Query> prepared = h -> h.createQuery(LOOKUP + " /* prepared */");
            // Batches of keys, as a consumer catching up sends, past the driver's fifth execution and PostgreSQL's five
            // custom plans: against those, the generic plan (a scan of the 10 pages assumed) looks the cheaper, and the
            // connection keeps it.
            List<Long> batch = LongStream.rangeClosed(1, 50).boxed().toList();
            for (int i = 0; i < 20; i++) {
                assertThat(labels(handle, plannedEachTime, batch)).isEmpty();
                assertThat(labels(handle, prepared, batch)).isEmpty();
            }
            handle.execute("INSERT INTO items SELECT n, 'item ' || n FROM generate_series(1, 20000) AS n");

            assertThat(rowsScanned(handle, plannedEachTime)).isZero();
            assertThat(rowsScanned(handle, prepared)).as("the control, with its plan from the empty table")
                    .isEqualTo(20_000);
        }
    }

    private static List<String> labels(Handle handle, Function<Handle, Query> lookup, List<Long> ids) {
        return lookup.apply(handle).bindByType("ids", ids, SqlArrays.LONGS).mapTo(String.class).list();
    }

    /**
     * The rows of {@code items} the lookup read by scanning the table (a bitmap heap scan counts as a sequential
     * scan in {@code seq_scan}, but reads no rows here).
     */
    private static long rowsScanned(Handle handle, Function<Handle, Query> lookup) {
        return handle.inTransaction(h -> {
            long before = scanned(h);
            assertThat(labels(h, lookup, List.of(7L, 9_000L))).containsExactlyInAnyOrder("item 7", "item 9000");
            return scanned(h) - before;
        });
    }

    /** Not yet reported rows read by sequential scans of {@code items}, this transaction's included. */
    private static long scanned(Handle handle) {
        return QueryPlans.rowsScanned(handle.getConnection(), "items");
    }
}
