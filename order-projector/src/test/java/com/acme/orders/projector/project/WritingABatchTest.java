package com.acme.orders.projector.project;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.projector.repair.EventStoreReader;
import com.acme.orders.readmodel.ReadModel;
import com.acme.orders.testkit.QueryPlans;
import com.acme.orders.testkit.TestDatabase;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one batch costs PostgreSQL: three statements before the commit (the rows' lock, their upsert, the offsets
 * together with the NOTIFY), and the lock of a single order, the common batch at low rates, on a plan the session
 * keeps that still uses the primary key once the table has grown.
 */
class WritingABatchTest {

    private static final TopicPartition PARTITION = new TopicPartition("order-events", 3);

    private static TestDatabase database;
    private static Jdbi jdbi;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create("writing_a_batch");
        Postgres.migrate(database.dataSource(), ReadModel.MIGRATIONS);
        jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void a_batch_is_written_in_three_statements_and_its_offsets_and_notification_arrive_with_the_commit()
            throws SQLException {
        BatchProjection projection = new BatchProjection(new OrderRows(), new UserDirectory(), new OffsetStore("group-a"),
                new EventStoreReader(jdbi, new EventCodec()));
        List<String> statements = new ArrayList<>();
        try (Connection listener = database.connect(); Handle handle = jdbi.open()) {
            execute(listener, "LISTEN " + ReadModel.CHANGED_CHANNEL);
            handle.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
                @Override
                public void logAfterExecution(StatementContext context) {
                    statements.add(context.getRenderedSql());
                }
            });

            handle.useTransaction(h -> projection.apply(h, batch(created(500_001), 41)));

            assertThat(statements).as("statements of one batch, the commit aside").hasSize(3);
            assertThat(Arrays.stream(listener.unwrap(PGConnection.class).getNotifications(5_000))
                    .map(PGNotification::getParameter)).containsExactly("500001:1");
            assertThat(handle.createQuery("SELECT next_offset FROM projector_offsets WHERE consumer_group = 'group-a' "
                            + "AND topic = :topic AND kafka_partition = :partition")
                    .bind("topic", PARTITION.topic()).bind("partition", PARTITION.partition())
                    .mapTo(Long.class).one()).isEqualTo(42L);
        }
    }

    @Test
    void an_offset_never_moves_back_and_a_batch_without_changes_notifies_nothing() throws SQLException {
        OffsetStore offsets = new OffsetStore("group-b");
        try (Connection listener = database.connect(); Handle handle = jdbi.open()) {
            execute(listener, "LISTEN " + ReadModel.CHANGED_CHANNEL);

            handle.useTransaction(h -> offsets.save(h, Map.of(PARTITION, 90L), List.of()));
            handle.useTransaction(h -> offsets.save(h, Map.of(PARTITION, 80L), List.of()));

            assertThat(offsets.load(handle, List.of(PARTITION)).get(PARTITION).nextOffset()).isEqualTo(90L);
            assertThat(listener.unwrap(PGConnection.class).getNotifications(200)).isEmpty();
        }
    }

    @Test
    void one_order_is_locked_on_a_kept_plan_that_still_uses_the_index_once_the_table_has_grown() {
        OrderRows rows = new OrderRows();
        try (Handle handle = jdbi.open()) {
            // Past the driver's fifth execution and PostgreSQL's five custom plans, on an (almost) empty table.
            for (int i = 0; i < 20; i++) {
                handle.useTransaction(h -> assertThat(rows.lock(h, List.of(7L))).isEmpty());
            }
            handle.execute("""
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at, items_count,
                                                   version)
                    SELECT n, n % 100, 10, 'PENDING', now(), now(), 1, n % 5 + 1 FROM generate_series(1, 20000) AS n
                    """);
            handle.useTransaction(h -> {
                // pg_stat_xact_user_tables counts for the transaction in progress.
                long scannedBefore = rowsScanned(h);

                assertThat(rows.lock(h, List.of(7L))).containsOnlyKeys(7L);

                assertThat(rowsScanned(h) - scannedBefore).as("rows read by scanning the table").isZero();
            });
            assertThat(QueryPlans.genericPlans(handle.getConnection(), "WHERE id = $1 FOR UPDATE"))
                    .as("executions on the kept (generic) plan").isPositive();
            assertThat(rows.lock(handle, List.of(9L, 8L, 7L, 30_000L))).containsOnlyKeys(7L, 8L, 9L);
        }
    }

    private static IncomingBatch batch(OrderEventEnvelope event, long offset) {
        RecordOrigin origin = new RecordOrigin(PARTITION.topic(), PARTITION.partition(), offset,
                Long.toString(event.orderId()), new byte[0], null);
        return new IncomingBatch(List.of(new Incoming<>(event, origin)), List.of(), List.of(),
                Map.of(PARTITION, offset + 1));
    }

    private static OrderEventEnvelope created(long orderId) {
        return new OrderEventEnvelope(UUID.randomUUID(), orderId, 1, Instant.parse("2026-12-02T01:00:00Z"),
                new OrderCreatedEvent(42, List.of(new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("19.99"))),
                        new BigDecimal("39.98"), "1 Main St", null));
    }

    private static long rowsScanned(Handle handle) {
        return QueryPlans.rowsScanned(handle.getConnection(), "order_read_models");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
