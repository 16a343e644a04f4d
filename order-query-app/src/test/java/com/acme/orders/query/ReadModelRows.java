package com.acme.orders.query;

import com.acme.orders.readmodel.ReadModel;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;

/**
 * Stands in for the projector, the read model's only writer: writes order rows and announces changes with
 * NOTIFY. {@code order_statistics} follows the rows by itself (the schema's triggers), as with the projector.
 */
final class ReadModelRows {

    private final Jdbi jdbi;

    ReadModelRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes the orders (new or changed) without telling anyone. */
    void save(ReadModelOrder... orders) {
        jdbi.useTransaction(handle -> {
            for (ReadModelOrder order : orders) {
                save(handle, order);
            }
        });
    }

    /** Writes the order and, in the same transaction, notifies its id, as the projector does per batch. */
    void saveAndNotify(ReadModelOrder order) {
        jdbi.useTransaction(handle -> {
            save(handle, order);
            notify(handle, Long.toString(order.id()));
        });
    }

    /** Sends a NOTIFY on the read model's channel, from a connection of its own. */
    void notifyChanged(String payload) {
        jdbi.useHandle(handle -> notify(handle, payload));
    }

    /** Records why the order service cancelled this order, as the projector does for an OrderCancelledEvent. */
    void cancellationReason(long id, String reason) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE order_read_models SET cancellation_reason = :reason WHERE id = :id")
                .bind("reason", reason)
                .bind("id", id)
                .execute());
    }

    /** Overwrites the figures of one status, for tests of the statistics alone. */
    void statistics(String status, long orderCount, String totalAmount) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE order_statistics SET order_count = :count, total_amount = :amount WHERE status = :status
                        """)
                .bind("count", orderCount)
                .bind("amount", new BigDecimal(totalAmount))
                .bind("status", status)
                .execute());
    }

    private static void save(Handle handle, ReadModelOrder order) {
        if (order.username() != null) {
            // As the projector does: the order's copy of the username comes from the user directory.
            handle.createUpdate("""
                            INSERT INTO user_directory (user_id, username, email, occurred_at, event_id)
                            VALUES (:userId, :username, coalesce(:email, ''), now(), gen_random_uuid())
                            ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, email = excluded.email
                            """)
                    .bind("userId", order.userId())
                    .bind("username", order.username())
                    .bind("email", order.email())
                    .execute();
        }
        handle.createUpdate("""
                        INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at,
                                                       shipping_address, notes, user_username, user_email, items_count,
                                                       is_deleted, version)
                        VALUES (:id, :userId, :totalAmount, :status, :createdAt, :updatedAt, :shippingAddress, :notes,
                                :username, :email, :itemsCount, :deleted, :version)
                        ON CONFLICT (id) DO UPDATE
                        SET user_id = excluded.user_id, total_amount = excluded.total_amount, status = excluded.status,
                            created_at = excluded.created_at, updated_at = excluded.updated_at,
                            shipping_address = excluded.shipping_address, notes = excluded.notes,
                            user_username = excluded.user_username, user_email = excluded.user_email,
                            items_count = excluded.items_count, is_deleted = excluded.is_deleted,
                            version = excluded.version
                        """)
                .bind("id", order.id())
                .bind("userId", order.userId())
                .bind("totalAmount", order.totalAmount())
                .bind("status", order.status())
                .bind("createdAt", order.createdAt())
                .bind("updatedAt", order.updatedAt())
                .bind("shippingAddress", order.shippingAddress())
                .bind("notes", order.notes())
                .bind("username", order.username())
                .bind("email", order.email())
                .bind("itemsCount", order.itemsCount())
                .bind("deleted", order.deleted())
                .bind("version", order.version())
                .execute();
    }

    private static void notify(Handle handle, String payload) {
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", ReadModel.CHANGED_CHANNEL)
                .bind("payload", payload)
                .mapTo(String.class)
                .one();
    }
}
