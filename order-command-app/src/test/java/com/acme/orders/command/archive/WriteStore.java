package com.acme.orders.command.archive;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.Orders;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.DeleteOrderCommand;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.testkit.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A write database driven through the real write path (Transactions, Orders, EventStore) under a clock the test
 * sets, so that orders can be finished months ago.
 */
final class WriteStore implements AutoCloseable {

    final TestDatabase database;
    final HikariDataSource dataSource;
    final Jdbi jdbi;
    final SetClock clock = new SetClock(Instant.now());
    private final Orders orders = new Orders();
    private final EventStore events = new EventStore(new EventCodec());
    private final Transactions transactions;

    private WriteStore(String name, String targetVersion) {
        database = TestDatabase.create(name);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername(database.user());
        dataSource.setPassword(database.password());
        migrate(targetVersion);
        jdbi = Jdbi.create(dataSource);
        transactions = new Transactions(jdbi, orders, events, clock, () -> { });
    }

    /** Migrated to the latest schema. */
    static WriteStore latest(String name) {
        return new WriteStore(name, "latest");
    }

    /** Migrated up to {@code version} only. */
    static WriteStore atVersion(String name, String version) {
        return new WriteStore(name, version);
    }

    void migrate(String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/write").target(target).load().migrate();
    }

    void create(long orderId) {
        transactions.run(tx -> {
            Change change = Order.create(orderId, new CreateOrderCommand(42, List.of(
                    new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                    new OrderLine("SKU-2", 1, new BigDecimal("5.00"))), "1 Main St", "note " + orderId), tx.now());
            orders.insert(tx, change.order());
            events.append(tx, change.events());
            return change.order();
        });
    }

    void status(long orderId, OrderStatus... statuses) {
        for (OrderStatus status : statuses) {
            transactions.changeOrder(orderId, (order, now) -> order.changeStatus(
                    new UpdateOrderStatusCommand(orderId, status, OptionalLong.empty()), now));
        }
    }

    void delete(long orderId) {
        transactions.changeOrder(orderId, (order, now) -> order.delete(
                new DeleteOrderCommand(orderId, OptionalLong.empty()), now));
    }

    /** An order taken through a whole life: created, confirmed, processed, shipped, delivered. */
    void delivered(long orderId) {
        create(orderId);
        status(orderId, OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
    }

    /** As if the relay had published everything appended so far. */
    void publishAll() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM outbox"));
    }

    long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    List<String> strings(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    @Override
    public void close() {
        transactions.close();
        dataSource.close();
        database.close();
    }

    /** A clock that stands where the test puts it. */
    static final class SetClock extends Clock {

        private final AtomicReference<Instant> now;

        SetClock(Instant now) {
            this.now = new AtomicReference<>(now);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
