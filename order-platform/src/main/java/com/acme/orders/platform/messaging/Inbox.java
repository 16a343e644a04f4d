package com.acme.orders.platform.messaging;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
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
}
