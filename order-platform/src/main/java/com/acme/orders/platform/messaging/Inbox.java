package com.acme.orders.platform.messaging;

import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The ids of the messages this service has processed. Recording an id in the transaction of the message's effect
 * makes the effect exactly once: a redelivered message finds its id and changes nothing.
 */
public final class Inbox {

    private final String table;

    /** Over the table {@code inbox}. */
    public Inbox() {
        this("inbox");
    }

    /** Over the table {@code table}, shaped as the package documentation shows. */
    public Inbox(String table) {
        this.table = Tables.checkName(table);
    }

    /**
     * Records {@code messageId} as processed, in the caller's transaction.
     *
     * @return true the first time; false when it was processed before (then the caller does nothing)
     */
    public boolean firstDelivery(Handle handle, UUID messageId, String type, Instant now) {
        return handle.createUpdate("""
                        INSERT INTO %s (message_id, type, processed_at) VALUES (:id, :type, :now)
                        ON CONFLICT (message_id) DO NOTHING""".formatted(table))
                .bind("id", messageId)
                .bind("type", type)
                .bind("now", now)
                .execute() == 1;
    }

    /** A message to record: its id and type. */
    public record Delivery(UUID messageId, String type) {
    }

    /**
     * Records every one of {@code deliveries} as processed, in the caller's transaction and in one round trip.
     *
     * @return for each, in order, whether this was its first delivery (an id given twice is first only once)
     */
    public boolean[] firstDeliveries(Handle handle, List<Delivery> deliveries, Instant now) {
        // One statement rather than a JDBC batch: the pool rewrites batched inserts, which then report no counts.
        Set<UUID> inserted = new HashSet<>(handle.createQuery("""
                        INSERT INTO %s (message_id, type, processed_at)
                        SELECT CAST(id AS uuid), type, :now FROM unnest(:ids, :types) AS delivery(id, type)
                        ON CONFLICT (message_id) DO NOTHING
                        RETURNING message_id""".formatted(table))
                .bindByType("ids", deliveries.stream().map(d -> d.messageId().toString()).toList(), SqlArrays.STRINGS)
                .bindByType("types", deliveries.stream().map(Delivery::type).toList(), SqlArrays.STRINGS)
                .bind("now", now)
                .mapTo(UUID.class)
                .list());
        boolean[] first = new boolean[deliveries.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = inserted.remove(deliveries.get(i).messageId());
        }
        return first;
    }
}
