package com.acme.orders.command.store;

import com.acme.orders.command.archive.WriteStore;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderStatus;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that group commit puts into one transaction each still succeed or fail on their own: a failing
 * command is undone alone, and a failure of the shared transaction makes each command run again alone.
 */
class SharingATransactionTest {

    private WriteStore store;
    private Jdbi jdbi;
    private Orders orders;
    private EventStore events;
    private Transactions transactions;
    private final AtomicInteger wakeUps = new AtomicInteger();

    @BeforeEach
    void start() {
        store = WriteStore.latest("sharing");
        jdbi = store.jdbi;
        orders = new Orders();
        events = new EventStore(new EventCodec());
        transactions = new Transactions(jdbi, orders, events, Clock.systemUTC(), wakeUps::incrementAndGet);
    }

    @AfterEach
    void stop() {
        transactions.close();
        store.close();
    }

    @Test
    void a_command_that_fails_in_a_shared_transaction_is_undone_alone_and_the_others_commit() {
        List<Transactions.Work<?>> group = List.of(
                create(1),
                tx -> {
                    create(2).run(tx);
                    throw new IllegalStateException("refused after deferring its rows");
                },
                confirm(1),
                tx -> tx.handle().execute("INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES (NULL, 'x', now())"),
                create(3));

        List<GroupCommit.Outcome<Object>> outcomes = transactions.runGroup(group);

        assertThat(outcomes).extracting(outcome -> outcome.failure() == null)
                .containsExactly(true, false, true, false, true);
        assertThat(outcomes.get(1).failure()).hasMessage("refused after deferring its rows");
        assertThat(longs("SELECT id FROM orders ORDER BY id")).containsExactly(1L, 3L);
        assertThat(longs("SELECT version FROM orders WHERE id = 1")).containsExactly(2L);
        assertThat(strings("SELECT order_id || ':' || version FROM order_events ORDER BY position"))
                .containsExactly("1:1", "1:2", "3:1");
        assertThat(longs("SELECT count(*) FROM outbox")).containsExactly(3L);
        assertThat(longs("SELECT count(*) FROM order_items")).containsExactly(4L);
        assertThat(wakeUps).hasValue(1);
    }

    @Test
    void when_the_shared_transaction_fails_each_command_runs_again_alone() {
        transactions.run(create(5));
        List<Transactions.Work<?>> group = List.of(create(10), create(5), create(11));

        List<GroupCommit.Outcome<Object>> outcomes = transactions.runGroup(group);

        assertThat(outcomes).extracting(outcome -> outcome.failure() == null).containsExactly(true, false, true);
        assertThat(longs("SELECT id FROM orders ORDER BY id")).containsExactly(5L, 10L, 11L);
        assertThat(strings("SELECT order_id || ':' || version FROM order_events ORDER BY position"))
                .containsExactly("5:1", "10:1", "11:1");
    }

    @Test
    void a_command_reads_what_the_commands_before_it_in_the_same_transaction_wrote() {
        List<Transactions.Work<?>> group = List.of(create(20), confirm(20), tx -> orders.lock(tx, 20).orElseThrow());

        List<GroupCommit.Outcome<Object>> outcomes = transactions.runGroup(group);

        assertThat(((Order) outcomes.get(2).value()).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(((Order) outcomes.get(2).value()).version()).isEqualTo(2);
    }

    private Transactions.Work<Order> create(long orderId) {
        return tx -> {
            Change change = Order.create(orderId, new CreateOrderCommand(42, List.of(
                    new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                    new OrderLine("SKU-2", 1, new BigDecimal("5.00"))), "1 Main St", null), tx.now());
            orders.insert(tx, change.order());
            events.append(tx, change.events());
            return change.order();
        };
    }

    private Transactions.Work<Order> confirm(long orderId) {
        return tx -> {
            Order current = orders.lock(tx, orderId).orElseThrow();
            Change change = current.changeStatus(new UpdateOrderStatusCommand(orderId, OrderStatus.CONFIRMED,
                    OptionalLong.empty()), tx.now());
            orders.update(tx, current, change.order());
            events.append(tx, change.events());
            return change.order();
        };
    }

    private List<Long> longs(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).list());
    }

    private List<String> strings(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }
}
