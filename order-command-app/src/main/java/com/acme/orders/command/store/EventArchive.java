package com.acme.orders.command.store;

import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import com.acme.orders.platform.eventstore.ArchiveBlob;
import com.acme.orders.platform.eventstore.RecordedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Moves the events of finished orders from the hot {@code order_events} into {@code order_events_archive}, one
 * zstd blob per order. The only writer of the archive and the only code that deletes from the event store.
 *
 * <p>{@link #archiveBatch} does its whole move in the caller's transaction: archive rows written and hot rows
 * deleted commit together or not at all, so a crash anywhere loses and doubles nothing. The orders it takes are
 * locked ({@code FOR UPDATE SKIP LOCKED}): every command changes its order's row in the transaction that appends
 * its events, so no event of a taken order can be appended meanwhile, and a second archiver skips it.
 */
public final class EventArchive {

    /** What one batch moved; {@code lastOrderId} is where the next batch continues. */
    public record Batch(int ordersSeen, int ordersArchived, int events, long rawBytes, long compressedBytes,
                        long lastOrderId) {

        public boolean exhausted(int batchSize) {
            return ordersSeen < batchSize;
        }
    }

    /**
     * Archives the hot events of up to {@code batchSize} finished orders with ids above {@code afterOrderId}
     * whose last event is older than {@code cutoff}. Orders with an event still in the outbox are left for later.
     */
    public Batch archiveBatch(Handle handle, long afterOrderId, Instant cutoff, int batchSize) {
        // An order's updated_at is its last event's time (both come from the same command's clock reading).
        // Orders with an event still waiting in the outbox are left for a later run: the relay reads it from the
        // hot store. The outbox is small while Kafka is up; the Archiver does not run while it is not.
        List<Long> ids = handle.createQuery("""
                        WITH pending AS MATERIALIZED (
                            SELECT DISTINCT e.order_id FROM outbox x JOIN order_events e ON e.position = x.position)
                        SELECT o.id FROM orders o
                        WHERE o.id > :after
                          AND (o.status IN ('DELIVERED', 'CANCELLED') OR o.deleted_at IS NOT NULL)
                          AND o.updated_at < :cutoff
                          AND NOT EXISTS (SELECT 1 FROM order_events_archive a
                                          WHERE a.order_id = o.id AND a.last_version = o.version)
                          AND o.id NOT IN (SELECT order_id FROM pending)
                        ORDER BY o.id
                        LIMIT :limit
                        FOR UPDATE OF o SKIP LOCKED
                        """)
                .bind("after", afterOrderId)
                .bind("cutoff", Timestamp.from(cutoff))
                .bind("limit", batchSize)
                .mapTo(Long.class)
                .list();
        if (ids.isEmpty()) {
            return new Batch(0, 0, 0, 0, 0, afterOrderId);
        }
        long lastOrderId = ids.get(ids.size() - 1);

        // Taken out and read in one pass. The orders are locked, so these are all of their hot events.
        Map<Long, List<RecordedEvent>> hot = new TreeMap<>();
        for (RecordedEvent event : takeHotEvents(handle, ids)) {
            if (!event.occurredAt().isBefore(cutoff)) {
                throw new IllegalStateException("order " + event.orderId() + " version " + event.version()
                        + " occurred at " + event.occurredAt() + ", after its order's updated_at; not archiving");
            }
            hot.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event);
        }
        if (hot.isEmpty()) {
            return new Batch(ids.size(), 0, 0, 0, 0, lastOrderId);
        }

        Map<Long, List<RecordedEvent>> earlier = archived(handle, hot.keySet());
        PreparedBatch upsert = handle.prepareBatch("""
                INSERT INTO order_events_archive (order_id, last_version, events, blob)
                VALUES (:orderId, :lastVersion, :events, :blob)
                ON CONFLICT (order_id) DO UPDATE SET
                    last_version = EXCLUDED.last_version, events = EXCLUDED.events, blob = EXCLUDED.blob
                """);
        int events = 0;
        long raw = 0;
        long compressed = 0;
        for (Map.Entry<Long, List<RecordedEvent>> order : hot.entrySet()) {
            List<RecordedEvent> all = new ArrayList<>(earlier.getOrDefault(order.getKey(), List.of()));
            all.addAll(order.getValue());
            all.sort(Comparator.comparingLong(RecordedEvent::version));
            ArchiveBlob.Encoded blob = ArchiveBlob.encode(all);
            RecordedEvent last = all.get(all.size() - 1);
            upsert.bind("orderId", order.getKey())
                    .bind("lastVersion", last.version())
                    .bind("events", all.size())
                    .bind("blob", blob.compressed())
                    .add();
            events += order.getValue().size();
            raw += blob.rawBytes();
            compressed += blob.compressed().length;
        }
        upsert.execute();
        return new Batch(ids.size(), hot.size(), events, raw, compressed, lastOrderId);
    }

    private static List<RecordedEvent> takeHotEvents(Handle handle, List<Long> ids) {
        return handle.createQuery("""
                        DELETE FROM order_events WHERE order_id = ANY(:ids)
                        RETURNING position, event_id, order_id, version, type, schema_version, payload::text AS payload,
                                  occurred_at
                        """)
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", ids, SqlArrays.LONGS)
                .map((rs, ctx) -> new RecordedEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class),
                        rs.getLong("order_id"), rs.getLong("version"), rs.getString("type"),
                        rs.getInt("schema_version"), rs.getString("payload"),
                        rs.getTimestamp("occurred_at").toInstant(), false))
                .list();
    }

    /** Whether the relay has more than {@code limit} events to publish (then archiving waits for it). */
    public boolean outboxLongerThan(Handle handle, int limit) {
        return handle.createQuery("SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT :limit) x")
                .bind("limit", limit + 1)
                .mapTo(Integer.class)
                .one() > limit;
    }

    private static Map<Long, List<RecordedEvent>> archived(Handle handle, Set<Long> ids) {
        Map<Long, List<RecordedEvent>> archived = new LinkedHashMap<>();
        handle.createQuery("SELECT order_id, blob FROM order_events_archive WHERE order_id = ANY(:ids)")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("ids", List.copyOf(ids), SqlArrays.LONGS)
                .map((rs, ctx) -> ArchiveBlob.decode(rs.getLong("order_id"), rs.getBytes("blob")))
                .forEach(events -> archived.put(events.get(0).orderId(), events));
        return archived;
    }

    /** Sizes of the hot store (all partitions) and the archive, indexes and TOAST included. */
    public record Sizes(long hotBytes, long archiveBytes) {
    }

    public Sizes sizes(Handle handle) {
        return handle.createQuery("""
                        SELECT (SELECT coalesce(sum(pg_total_relation_size(relid)), 0)
                                FROM pg_partition_tree('order_events')) AS hot_bytes,
                               pg_total_relation_size('order_events_archive') AS archive_bytes
                        """)
                .map((rs, ctx) -> new Sizes(rs.getLong("hot_bytes"), rs.getLong("archive_bytes")))
                .one();
    }
}
