package com.acme.orders.command.saga;

import com.acme.orders.command.store.Transaction;
import com.acme.orders.domain.saga.Compensation;
import com.acme.orders.domain.saga.OrderSaga;
import com.acme.orders.domain.saga.SagaStep;
import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code sagas} (one row per order) and {@code saga_steps} (what happened to it): the only writer of both. */
public final class Sagas {

    /**
     * A saga as stored.
     *
     * @param deadline when its step times out, or null when it waits for nothing with a deadline
     */
    public record Stored(OrderSaga saga, long version, Instant startedAt, Instant updatedAt, Instant deadline,
                         Instant finishedAt) {
    }

    /** One change of a saga, for support staff: when, because of what, where it went, what it sent. */
    public record Step(long version, Instant at, String cause, SagaStep step, String summary, List<String> commands) {
    }

    /** How many sagas are in flight and when the oldest of them started. */
    public record InFlight(long count, Optional<Instant> oldestStartedAt) {
    }

    private static final String COLUMNS = """
            s.order_id, s.step, s.stock_reserved, s.payment_authorized, s.amount, s.currency, s.pending,
            s.cancellation_reason, s.deadline, s.started_at, s.updated_at, s.finished_at, s.version""";

    private final Transaction.BatchInsert<Stored> starts = Sagas::insertAll;
    private final Transaction.BatchInsert<StepRow> steps = Sagas::insertSteps;
    private final Transaction.BatchInsert<Update> updates = Sagas::updateAll;

    private record StepRow(long orderId, Step step) {
    }

    /** Adds a new saga and its first step; stored with the transaction's other writes. */
    public void start(Transaction tx, Stored saga, Step first) {
        tx.defer(starts, saga);
        tx.defer(steps, new StepRow(saga.saga().orderId(), first));
    }

    /** The order's saga, its row locked until the transaction ends. */
    public Optional<Stored> lock(Transaction tx, long orderId) {
        return tx.handle().createQuery("SELECT " + COLUMNS + " FROM sagas s WHERE s.order_id = :id FOR UPDATE")
                .bind("id", orderId)
                .map((rs, ctx) -> stored(rs))
                .findOne();
    }

    /**
     * Up to {@code limit} sagas whose deadline passed, with their rows and their orders' rows locked. Rows another
     * transaction holds are skipped, not waited for: several instances never time out one saga twice, and a
     * saga that a reply is changing right now is left to it.
     */
    public List<Stored> lockDue(Transaction tx, Instant now, int limit) {
        return tx.handle().createQuery("SELECT " + COLUMNS + """
                         FROM sagas s JOIN orders o ON o.id = s.order_id
                        WHERE s.deadline <= :now
                        ORDER BY s.deadline
                        LIMIT :limit
                        FOR UPDATE OF s, o SKIP LOCKED
                        """)
                .bind("now", now)
                .bind("limit", limit)
                .map((rs, ctx) -> stored(rs))
                .list();
    }

    /**
     * Writes the saga's next state (its version one higher) and the step that led there; stored with the
     * transaction's other writes (one round trip for every saga changed, in the order changed). The saga must be
     * locked ({@link #lock}, {@link #lockAll}).
     */
    public void update(Transaction tx, Stored previous, Stored next, Step step) {
        tx.defer(updates, new Update(previous.version(), next));
        tx.defer(steps, new StepRow(next.saga().orderId(), step));
    }

    /** One saga's change, from the version it was locked at. */
    private record Update(long previousVersion, Stored next) {
    }

    private static void updateAll(Handle handle, List<Update> updates) {
        PreparedBatch batch = handle.prepareBatch("""
                UPDATE sagas
                SET step = :step, stock_reserved = :stockReserved, payment_authorized = :paymentAuthorized,
                    pending = CAST(:pending AS text[]), cancellation_reason = :reason, deadline = :deadline,
                    updated_at = :updatedAt, finished_at = :finishedAt, version = :version
                WHERE order_id = :orderId AND version = :previousVersion
                """);
        for (Update update : updates) {
            bindState(batch, update.next()).bind("previousVersion", update.previousVersion()).add();
        }
        int[] counts = batch.execute();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                Update update = updates.get(i);
                throw new IllegalStateException("saga of order " + update.next().saga().orderId()
                        + " was not at version " + update.previousVersion() + " although it was locked");
            }
        }
    }

    /**
     * The sagas of these orders, their rows locked until the transaction ends in the order of the order ids, in one
     * round trip; lock the orders first ({@link com.acme.orders.command.store.Orders#lockAll}).
     *
     * @return the sagas found, by order id
     */
    public Map<Long, Stored> lockAll(Transaction tx, Collection<Long> orderIds) {
        Map<Long, Stored> sagas = new HashMap<>();
        if (orderIds.isEmpty()) {
            return sagas;
        }
        tx.handle().createQuery("SELECT " + COLUMNS
                        + " FROM sagas s WHERE s.order_id = ANY(:ids) ORDER BY s.order_id FOR UPDATE")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", List.copyOf(orderIds), SqlArrays.LONGS)
                .map((rs, ctx) -> stored(rs))
                .forEach(saga -> sagas.put(saga.saga().orderId(), saga));
        return sagas;
    }

    public Optional<Stored> find(Handle handle, long orderId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM sagas s WHERE s.order_id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> stored(rs))
                .findOne();
    }

    /** The saga's steps, oldest first. */
    public List<Step> history(Handle handle, long orderId) {
        return handle.createQuery("""
                        SELECT version, at, cause, step, summary, commands
                        FROM saga_steps WHERE order_id = :id ORDER BY version""")
                .bind("id", orderId)
                .map((rs, ctx) -> new Step(rs.getLong("version"), rs.getTimestamp("at").toInstant(),
                        rs.getString("cause"), SagaStep.valueOf(rs.getString("step")), rs.getString("summary"),
                        texts(rs.getArray("commands"))))
                .list();
    }

    public InFlight inFlight(Handle handle) {
        return handle.createQuery("""
                        SELECT count(*) AS sagas, min(started_at) AS oldest FROM sagas
                        WHERE step IN ('RESERVING_STOCK', 'AUTHORIZING_PAYMENT', 'COMPENSATING')""")
                .map((rs, ctx) -> new InFlight(rs.getLong("sagas"),
                        Optional.ofNullable(rs.getTimestamp("oldest")).map(Timestamp::toInstant)))
                .one();
    }

    private static void insertAll(Handle handle, List<Stored> sagas) {
        var batch = handle.prepareBatch("""
                INSERT INTO sagas (order_id, step, stock_reserved, payment_authorized, amount, currency, pending,
                                   cancellation_reason, deadline, started_at, updated_at, finished_at, version)
                VALUES (:orderId, :step, :stockReserved, :paymentAuthorized, :amount, :currency,
                        CAST(:pending AS text[]), :reason, :deadline, :startedAt, :updatedAt, :finishedAt, :version)
                """);
        for (Stored stored : sagas) {
            bindState(batch, stored)
                    .bind("amount", stored.saga().amount())
                    .bind("currency", stored.saga().currency())
                    .bind("startedAt", stored.startedAt())
                    .add();
        }
        batch.execute();
    }

    /** The columns a saga's step changes, as the insert and the update name them. */
    private static PreparedBatch bindState(PreparedBatch batch, Stored stored) {
        OrderSaga saga = stored.saga();
        return batch.bind("orderId", saga.orderId())
                .bind("step", saga.step().name())
                .bind("stockReserved", saga.stockReserved())
                .bind("paymentAuthorized", saga.paymentAuthorized())
                .bind("pending", pending(saga))
                .bind("reason", saga.cancellationReason())
                .bind("deadline", stored.deadline())
                .bind("updatedAt", stored.updatedAt())
                .bind("finishedAt", stored.finishedAt())
                .bind("version", stored.version());
    }

    private static void insertSteps(Handle handle, List<StepRow> rows) {
        var batch = handle.prepareBatch("""
                INSERT INTO saga_steps (order_id, version, at, cause, step, summary, commands)
                VALUES (:orderId, :version, :at, :cause, :step, :summary, CAST(:commands AS text[]))
                """);
        for (StepRow row : rows) {
            batch.bind("orderId", row.orderId())
                    .bind("version", row.step().version())
                    .bind("at", row.step().at())
                    .bind("cause", row.step().cause())
                    .bind("step", row.step().step().name())
                    .bind("summary", row.step().summary())
                    .bind("commands", "{" + String.join(",", row.step().commands()) + "}")
                    .add();
        }
        batch.execute();
    }

    /** The pending compensations as a PostgreSQL array literal (enum names need no quoting). */
    private static String pending(OrderSaga saga) {
        return "{" + String.join(",", saga.pending().stream().map(Enum::name).sorted().toList()) + "}";
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        EnumSet<Compensation> pending = EnumSet.noneOf(Compensation.class);
        texts(rs.getArray("pending")).forEach(name -> pending.add(Compensation.valueOf(name)));
        OrderSaga saga = new OrderSaga(rs.getLong("order_id"), SagaStep.valueOf(rs.getString("step")),
                rs.getBoolean("stock_reserved"), rs.getBoolean("payment_authorized"), rs.getBigDecimal("amount"),
                rs.getString("currency"), pending, rs.getString("cancellation_reason"));
        return new Stored(saga, rs.getLong("version"), instant(rs, "started_at"), instant(rs, "updated_at"),
                instant(rs, "deadline"), instant(rs, "finished_at"));
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
