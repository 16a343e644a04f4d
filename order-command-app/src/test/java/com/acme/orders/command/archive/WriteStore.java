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
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A write database driven through the real write path (Transactions, Orders, EventStore) under a clock the test
 * sets, so that orders can be finished months ago.
 */
public final class WriteStore implements AutoCloseable {

    public final TestDatabase database;
    public final HikariDataSource dataSource;
    public final Jdbi jdbi;
    public final SetClock clock = new SetClock(Instant.now());
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
    public static WriteStore latest(String name) {
        return new WriteStore(name, "latest");
    }

    /** Migrated up to the last migration before {@code version} (whichever the branch has: V4, or V6 with sagas). */
    public static WriteStore before(String name, String version) {
        return new WriteStore(name, "before:" + version);
    }

    public void migrate(String target) {
        if (target.startsWith("before:")) {
            MigrationVersion limit = MigrationVersion.fromVersion(target.substring("before:".length()));
            target = Arrays.stream(flyway("latest").info().all())
                    .map(MigrationInfo::getVersion)
                    .filter(version -> version.compareTo(limit) < 0)
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .getVersion();
        }
        flyway(target).migrate();
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/write").target(target).load();
    }

    public void create(long orderId) {
        transactions.run(tx -> {
            Change change = Order.create(orderId, new CreateOrderCommand(42, List.of(
                    new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                    new OrderLine("SKU-2", 1, new BigDecimal("5.00"))), "1 Main St", "note " + orderId), tx.now());
            orders.insert(tx, change.order());
            events.append(tx, change.events());
            return change.order();
        });
    }

    public void status(long orderId, OrderStatus... statuses) {
        for (OrderStatus status : statuses) {
            transactions.changeOrder(orderId, (order, now) -> order.changeStatus(
                    new UpdateOrderStatusCommand(orderId, status, OptionalLong.empty()), now), (tx, before, change) -> { });
        }
    }

    public void delete(long orderId) {
        transactions.changeOrder(orderId, (order, now) -> order.delete(
                new DeleteOrderCommand(orderId, OptionalLong.empty()), now), (tx, before, change) -> { });
    }

    /** An order taken through a whole life: created, confirmed, processed, shipped, delivered. */
    public void delivered(long orderId) {
        create(orderId);
        status(orderId, OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
    }

    /** As if the relay had published everything appended so far. */
    public void publishAll() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM outbox"));
    }

    public long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    public List<String> strings(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    @Override
    public void close() {
        transactions.close();
        dataSource.close();
        database.close();
    }

    /** A clock that stands where the test puts it. */
    public static final class SetClock extends Clock {

        private final AtomicReference<Instant> now;

        SetClock(Instant now) {
            this.now = new AtomicReference<>(now);
        }

        public void set(Instant instant) {
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
