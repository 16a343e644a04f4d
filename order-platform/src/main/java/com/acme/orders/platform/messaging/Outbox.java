package com.acme.orders.platform.messaging;

import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages waiting to be published, appended in the transaction that decided to send them. The table is
 * {@code outbox} unless named otherwise (an app whose database already has an {@code outbox} picks another name).
 */
public final class Outbox {

    private final String table;

    /** Over the table {@code outbox}. */
    public Outbox() {
        this("outbox");
    }

    /** Over the table {@code table}, shaped as the package documentation shows. */
    public Outbox(String table) {
        this.table = Tables.checkName(table);
    }

    /** One stored message and its place in the outbox. */
    record Stored(long position, OutgoingMessage message) {
    }

    /** How much waits: the count and the age of the oldest. */
    public record Backlog(long messages, Optional<Instant> oldestCreatedAt) {
    }

    String table() {
        return table;
    }

    /** Appends {@code message} in the caller's transaction; the relay publishes it once that commits. */
    public void append(Handle handle, OutgoingMessage message, Instant now) {
        handle.createUpdate("""
                        INSERT INTO %s (message_id, topic, message_key, type, payload, created_at)
                        VALUES (:id, :topic, :key, :type, :payload, :now)""".formatted(table))
                .bind("id", message.messageId())
                .bind("topic", message.topic())
                .bind("key", message.key())
                .bind("type", message.type())
                .bind("payload", message.value())
                .bind("now", now)
                .execute();
    }

    /** Appends {@code messages} in the caller's transaction, in one round trip. */
    public void appendAll(Handle handle, List<OutgoingMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO %s (message_id, topic, message_key, type, payload, created_at)
                VALUES (:id, :topic, :key, :type, :payload, :now)""".formatted(table));
        for (OutgoingMessage message : messages) {
            batch.bind("id", message.messageId()).bind("topic", message.topic()).bind("key", message.key())
                    .bind("type", message.type()).bind("payload", message.value()).bind("now", now).add();
        }
        batch.execute();
    }

    List<Stored> oldest(Handle handle, int limit) {
        return handle.createQuery("""
                        SELECT position, message_id, topic, message_key, type, payload
                        FROM %s ORDER BY position LIMIT :limit""".formatted(table))
                .bind("limit", limit)
                .map((rs, ctx) -> new Stored(rs.getLong("position"), new OutgoingMessage(
                        rs.getObject("message_id", java.util.UUID.class), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("type"), rs.getBytes("payload"))))
                .list();
    }

    void remove(Handle handle, List<Long> positions) {
        handle.createUpdate("DELETE FROM " + table + " WHERE position = ANY(:positions)")
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("positions", positions, SqlArrays.LONGS)
                .execute();
    }

    public Backlog backlog(Handle handle) {
        return handle.createQuery("SELECT count(*) AS messages, min(created_at) AS oldest FROM " + table)
                .map((rs, ctx) -> new Backlog(rs.getLong("messages"),
                        Optional.ofNullable(rs.getTimestamp("oldest")).map(java.sql.Timestamp::toInstant)))
                .one();
    }
}
