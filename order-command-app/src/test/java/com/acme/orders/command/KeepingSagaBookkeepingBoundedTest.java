package com.acme.orders.command;

import com.acme.orders.command.archive.WriteStore;
import com.acme.orders.command.saga.SagaRetention;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.platform.messaging.MessageRetention;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KeepingSagaBookkeepingBoundedTest {

    private static final Duration RETENTION = Duration.ofDays(30);

    @Test
    void finished_sagas_past_their_retention_are_deleted_with_their_steps_and_sent_commands_unless_still_needed() {
        try (WriteStore store = WriteStore.latest("saga_retention")) {
            Instant now = store.clock.instant();
            Instant longAgo = now.minus(Duration.ofDays(31));
            Instant recently = now.minus(Duration.ofDays(29));
            store.create(1);
            store.status(1, OrderStatus.CANCELLED);
            store.create(2);
            store.status(2, OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
            store.create(3);
            store.status(3, OrderStatus.CONFIRMED, OrderStatus.PROCESSING);
            store.create(4);
            store.status(4, OrderStatus.CANCELLED);
            store.create(5);
            saga(store, 1, "CANCELLED", longAgo);
            saga(store, 2, "CONFIRMED", longAgo);
            saga(store, 3, "CONFIRMED", longAgo);     // a customer may still cancel: the refund needs the saga
            saga(store, 4, "CANCELLED", recently);
            saga(store, 5, "COMPENSATING", null);     // in flight, however old
            // More than one batch of sagas whose orders were archived away long ago.
            int archived = SagaRetention.BATCH + 3;
            for (int i = 0; i < archived; i++) {
                saga(store, 1000 + i, "CANCELLED", longAgo);
            }

            // Order 1's second command never reached Kafka: its outbox row still points at it.
            store.jdbi.useHandle(handle -> handle.execute("""
                    INSERT INTO outbox (position) SELECT position FROM saga_commands WHERE order_id = 1 AND type = 'VoidPayment'"""));

            SagaRetention.Pruned pruned = new SagaRetention(store.jdbi, RETENTION, store.clock).prune();

            assertThat(pruned).isEqualTo(new SagaRetention.Pruned(2 + archived, 2 * (2 + archived),
                    2 * (2 + archived) - 1));
            assertThat(store.strings("SELECT order_id::text FROM sagas ORDER BY order_id")).containsExactly("3", "4", "5");
            assertThat(store.strings("SELECT DISTINCT order_id::text FROM saga_steps ORDER BY 1"))
                    .containsExactly("3", "4", "5");
            assertThat(store.strings("SELECT order_id || ' ' || type FROM saga_commands ORDER BY order_id, type"))
                    .containsExactly("1 VoidPayment", "3 ReserveStock", "3 VoidPayment", "4 ReserveStock",
                            "4 VoidPayment", "5 ReserveStock", "5 VoidPayment");
        }
    }

    @Test
    void ids_of_applied_saga_replies_are_pruned_after_their_retention() {
        try (WriteStore store = WriteStore.latest("saga_inbox_retention")) {
            Instant now = store.clock.instant();
            UUID old = UUID.randomUUID();
            UUID recent = UUID.randomUUID();
            store.jdbi.useHandle(handle -> handle.execute(
                    "INSERT INTO inbox (message_id, type, processed_at) VALUES (?, 'StockReserved', ?), (?, 'PaymentAuthorized', ?)",
                    old, now.minus(Duration.ofDays(8)), recent, now.minus(Duration.ofDays(6))));

            new MessageRetention(store.jdbi, new MessageRetention.Settings(Duration.ofDays(7), Duration.ofDays(30),
                    Duration.ofHours(1)), store.clock).prune();

            assertThat(store.strings("SELECT message_id::text FROM inbox")).containsExactly(recent.toString());
        }
    }

    /**
     * A saga row with two steps and two sent (published) commands, as the orchestrator leaves it; {@code finishedAt}
     * null while in flight.
     */
    private static void saga(WriteStore store, long orderId, String step, Instant finishedAt) {
        Instant started = finishedAt == null ? store.clock.instant().minus(Duration.ofDays(60)) : finishedAt;
        store.jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO sagas (order_id, step, stock_reserved, payment_authorized, amount, currency, pending,
                                       cancellation_reason, deadline, started_at, updated_at, finished_at, version)
                    VALUES (?, ?, false, false, 10.00, 'EUR', '{}', NULL, NULL, ?, ?, ?, 2)""",
                    orderId, step, started, started, finishedAt);
            handle.execute("""
                    INSERT INTO saga_steps (order_id, version, at, cause, step, summary, commands)
                    VALUES (?, 1, ?, 'started', 'RESERVING_STOCK', 'reserving stock', '{ReserveStock}'),
                           (?, 2, ?, 'timeout', ?, 'done', '{}')""",
                    orderId, started, orderId, started, step);
            handle.execute("""
                    INSERT INTO saga_commands (message_id, order_id, topic, type, message, occurred_at)
                    VALUES (?, ?, 'inventory-commands', 'ReserveStock', '\\x00', ?),
                           (?, ?, 'payment-commands', 'VoidPayment', '\\x00', ?)""",
                    UUID.randomUUID(), orderId, started, UUID.randomUUID(), orderId, started);
        });
    }
}
