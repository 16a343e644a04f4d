package com.acme.orders.command.store;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.db.SqlArrays;
import com.acme.orders.platform.eventstore.EventHistory;
import com.acme.orders.platform.eventstore.RecordedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static com.acme.orders.command.store.ColumnArrays.column;

/**
 * The append-only event store in {@code order_events}, and the {@code outbox}: the positions of the events the
 * relay has yet to publish, written with each event and deleted once it reached Kafka. {@link #append} is the
 * only code that adds to either, besides {@link #send} for the saga's commands, which travel through the same
 * outbox; {@link EventArchive} is the only one that moves events out (to the archive). Reads of an order's
 * history go through {@link EventHistory}, which sees hot and archived events as one.
 */
public final class EventStore {

    /** How many events and commands wait for the relay, and since when the oldest has waited. */
    public record Backlog(long events, Optional<Instant> oldestOccurredAt) {
    }

    /** Each event and its place in the outbox, in one statement. */
    private static final String APPEND = """
            WITH event AS (
                INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                SELECT event_id, order_id, version, type, schema_version, payload, occurred_at
                FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]),
                            CAST(? AS int[]), CAST(? AS jsonb[]), CAST(? AS timestamptz[]))
                    WITH ORDINALITY AS t(event_id, order_id, version, type, schema_version, payload, occurred_at, n)
                ORDER BY n
                RETURNING position
            )
            INSERT INTO outbox (position) SELECT position FROM event
            """;

    /** Each saga command and its place in the outbox, in one statement. */
    private static final String SEND = """
            WITH command AS (
                INSERT INTO saga_commands (message_id, order_id, topic, type, message, occurred_at)
                SELECT message_id, order_id, topic, type, message, occurred_at
                FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]),
                            CAST(? AS bytea[]), CAST(? AS timestamptz[]))
                    WITH ORDINALITY AS t(message_id, order_id, topic, type, message, occurred_at, n)
                ORDER BY n
                RETURNING position
            )
            INSERT INTO outbox (position) SELECT position FROM command
            """;

    private final EventCodec codec;
    private final Transaction.BatchInsert<OrderEventEnvelope> appends = this::appendAll;
    private final Transaction.BatchInsert<Addressed> sends = this::sendAll;

    public EventStore(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Appends the events of one command; they are stored with the transaction's other events, in the order
     * appended. A second event with the same order and version fails the transaction.
     */
    public void append(Transaction tx, List<OrderEventEnvelope> events) {
        for (OrderEventEnvelope event : events) {
            tx.defer(appends, event);
        }
    }

    /**
     * Sends saga commands through the outbox: stored with the transaction's other writes, published by the relay
     * to the command's topic, keyed by its order id, in the order sent.
     */
    public void send(Transaction tx, List<? extends SagaCommand> commands, Function<SagaCommand, String> topicOf) {
        for (SagaCommand command : commands) {
            tx.defer(sends, new Addressed(command, topicOf.apply(command)));
        }
    }

    private record Addressed(SagaCommand command, String topic) {
    }

    private void sendAll(Handle handle, List<Addressed> addressed) {
        List<SagaCommand> commands = addressed.stream().map(Addressed::command).toList();
        int count = commands.size();
        Object[] messageIds = new Object[count];
        Object[] orderIds = new Object[count];
        Object[] topics = new Object[count];
        Object[] types = new Object[count];
        byte[][] messages = new byte[count][];
        Object[] occurredAt = new Object[count];
        for (int i = 0; i < count; i++) {
            SagaCommand command = commands.get(i);
            messageIds[i] = command.messageId().toString();
            orderIds[i] = command.orderId();
            topics[i] = addressed.get(i).topic();
            types[i] = command.type();
            messages[i] = codec.encode(command);
            occurredAt[i] = command.occurredAt().toString();
        }
        ColumnArrays.execute(handle, SEND, "cannot send " + count + " saga commands",
                column("text", messageIds), column("int8", orderIds), column("text", topics), column("text", types),
                column("bytea", messages), column("text", occurredAt));
    }

    /** One statement for any number of events: one array per column, positions taken in array order. */
    private void appendAll(Handle handle, List<OrderEventEnvelope> events) {
        int count = events.size();
        Object[] eventIds = new Object[count];
        Object[] orderIds = new Object[count];
        Object[] versions = new Object[count];
        Object[] types = new Object[count];
        Object[] schemaVersions = new Object[count];
        Object[] payloads = new Object[count];
        Object[] occurredAt = new Object[count];
        for (int i = 0; i < count; i++) {
            OrderEventEnvelope event = events.get(i);
            eventIds[i] = event.eventId().toString();
            orderIds[i] = event.orderId();
            versions[i] = event.version();
            types[i] = event.type();
            schemaVersions[i] = event.schemaVersion();
            payloads[i] = codec.encodePayload(event.payload());
            occurredAt[i] = event.occurredAt().toString();
        }
        ColumnArrays.execute(handle, APPEND, "cannot append " + count + " events",
                column("text", eventIds), column("int8", orderIds), column("int8", versions), column("text", types),
                column("int4", schemaVersions), column("text", payloads), column("text", occurredAt));
    }

    /** The query of {@link #unpublished}. */
    static final String UNPUBLISHED = """
            WITH next AS (SELECT position FROM outbox ORDER BY position LIMIT :limit)
            SELECT e.position, e.event_id, e.order_id, e.version, e.type, e.schema_version,
                   e.payload::text AS payload, e.occurred_at, NULL AS topic, NULL::bytea AS message
            FROM next CROSS JOIN LATERAL
                 (SELECT * FROM order_events e WHERE e.position = next.position LIMIT 1) e
            UNION ALL
            SELECT c.position, c.message_id, c.order_id, NULL, c.type, NULL, NULL, c.occurred_at, c.topic,
                   c.message
            FROM next CROSS JOIN LATERAL
                 (SELECT * FROM saga_commands c WHERE c.position = next.position LIMIT 1) c
            ORDER BY 1
            """;

    /**
     * The oldest events and saga commands not yet published, by position. The limit applies to the outbox before
     * the join: given the whole outbox, the planner once chose a merge join that read the event store from its
     * first row. Each row is then looked up by position ({@code LATERAL … LIMIT 1}, which the planner cannot turn
     * into a join): without fresh statistics on a partition (a new month, a burst autovacuum has not analysed
     * yet) it expected thousands of events per position and hashed the whole partition on every batch, 640,000
     * rows read for a handful of events (commit → publish p50 88 ms at 22 orders/s, 2026-11-30).
     */
    public List<Unpublished> unpublished(Handle handle, int limit) {
        return handle.createQuery(UNPUBLISHED)
                .bind("limit", limit)
                .map((rs, ctx) -> rs.getString("topic") == null ? (Unpublished) storedEvent(rs, ctx) : new StoredCommand(
                        rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getLong("order_id"),
                        rs.getString("topic"), rs.getString("type"), rs.getBytes("message"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    /**
     * Takes published events out of the outbox; doing so twice changes nothing. One statement, whose commit does
     * not wait for the WAL flush ({@link Postgres#COMMIT_WITHOUT_FLUSH}): lost in a crash, the mark only means the
     * batch is sent again, which every receiver skips (at least once is the relay's promise).
     */
    public int markPublished(Handle handle, List<Long> positions) {
        return handle.createQuery("WITH gone AS (DELETE FROM outbox WHERE position = ANY(:positions) RETURNING 1)"
                        + " SELECT count(*) FROM gone WHERE " + Postgres.COMMIT_WITHOUT_FLUSH)
                .bindByType("positions", positions, SqlArrays.LONGS)
                .mapTo(Integer.class)
                .one();
    }

    /**
     * Reclaims the outbox rows deleted by {@link #markPublished}. Until then every scan of the outbox's index
     * steps over their entries; autovacuum looks at a database only once a minute, by which time a busy relay
     * has deleted hundreds of thousands.
     */
    public void vacuumOutbox(Handle handle) {
        handle.execute("VACUUM outbox");
    }

    /**
     * How much waits to be published: the count, and the time of the first in line (the lowest position, which
     * is the oldest but for commits racing each other), looked up by position for the reason given above.
     */
    public Backlog backlog(Handle handle) {
        return handle.createQuery("""
                        SELECT (SELECT count(*) FROM outbox) AS events,
                               (SELECT coalesce(
                                           (SELECT e.occurred_at FROM order_events e WHERE e.position = o.position LIMIT 1),
                                           (SELECT c.occurred_at FROM saga_commands c WHERE c.position = o.position LIMIT 1))
                                FROM outbox o ORDER BY o.position LIMIT 1) AS oldest
                        """)
                .map((rs, ctx) -> new Backlog(rs.getLong("events"),
                        Optional.ofNullable(rs.getTimestamp("oldest")).map(Timestamp::toInstant)))
                .one();
    }

    /** Every event of one order, oldest first, archived ones included. */
    public List<RecordedEvent> history(Handle handle, long orderId) {
        return EventHistory.ofOrder(handle, orderId);
    }

    /**
     * Every event, archived ones included, ordered by order and version, streamed so that a large store never
     * sits in memory. Iterate it in one REPEATABLE READ transaction ({@link EventHistory#inSnapshot}) and close it.
     */
    public EventHistory.Cursor inOrderOfOrders(Handle handle) {
        return EventHistory.inOrderOfOrders(handle, 2_000);
    }

    public OrderEventEnvelope decode(RecordedEvent event) {
        return new OrderEventEnvelope(event.eventId(), event.orderId(), event.version(), event.occurredAt(),
                codec.decodePayload(event.type(), event.schemaVersion(), event.payloadJson()));
    }

    public OrderEventEnvelope decode(StoredEvent event) {
        return new OrderEventEnvelope(event.eventId(), event.orderId(), event.version(), event.occurredAt(),
                codec.decodePayload(event.type(), event.schemaVersion(), event.payloadJson()));
    }

    private static StoredEvent storedEvent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredEvent(
                rs.getLong("position"),
                rs.getObject("event_id", UUID.class),
                rs.getLong("order_id"),
                rs.getLong("version"),
                rs.getString("type"),
                rs.getInt("schema_version"),
                rs.getString("payload"),
                rs.getTimestamp("occurred_at").toInstant());
    }
}
