package com.acme.orders.command.store;

import com.acme.orders.command.outbox.EventsAppended;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderNotFound;
import com.acme.orders.platform.db.Postgres;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs every command's transaction: the command's callback reads and writes through its {@link Transaction},
 * and once the transaction committed the relay is woken for the events it appended.
 *
 * <p>Underneath, commands arriving at the same moment share one transaction (group commit): their deferred
 * inserts become one statement per table and they share one commit. A command that fails is undone alone (a
 * savepoint, taken once it first uses the connection) and the others commit. If the shared transaction itself
 * fails — a statement for the whole group, the commit, a deadlock — each of its commands runs again alone,
 * so one command never fails another. Only an unreachable database fails them all at once.
 */
public final class Transactions implements AutoCloseable {

    /** What a command does inside its transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Transaction tx);
    }

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    /** Groups in flight at once: one is being written while the next fills up. */
    private static final int GROUP_WRITERS = 2;

    private final Jdbi jdbi;
    private final Orders orders;
    private final EventStore events;
    private final Clock clock;
    private final EventsAppended eventsAppended;
    private final GroupCommit<Work<?>, Object> groups;

    public Transactions(Jdbi jdbi, Orders orders, EventStore events, Clock clock, EventsAppended eventsAppended) {
        this.jdbi = jdbi;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
        this.eventsAppended = eventsAppended;
        this.groups = new GroupCommit<>(GROUP_WRITERS, this::runGroup, Duration.ofSeconds(30));
    }

    /**
     * Runs {@code work} in a transaction and returns its result once committed.
     *
     * @throws RuntimeException what {@code work} threw (nothing it did is stored), or why the commit failed
     */
    @SuppressWarnings("unchecked")
    public <T> T run(Work<T> work) {
        return (T) groups.write(work);
    }

    /**
     * Runs each of {@code works} in a transaction, handed to the group commit all at once, so that they share
     * transactions as the commands of concurrent callers do; returns once every one committed or failed. Works that
     * must run in a given order do not belong in one call.
     *
     * @throws RuntimeException the first failure (the others suppressed in it), once all ended; what did not fail
     *                          is committed
     */
    public void runAll(List<? extends Work<?>> works) {
        RuntimeException first = null;
        for (GroupCommit.Outcome<Object> outcome : groups.writeAll(List.copyOf(works))) {
            if (outcome.failure() == null) {
                continue;
            }
            if (first == null) {
                first = outcome.failure();
            } else if (first != outcome.failure()) {
                first.addSuppressed(outcome.failure());
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** What else a command does in the transaction of an order's change, once the change is stored. */
    @FunctionalInterface
    public interface AfterChange {
        void accept(Transaction tx, Order before, Change change);
    }

    /**
     * Locks the order, lets {@code decision} turn it into a change, stores the change and runs {@code then}; commands
     * on one order are so applied one after the other.
     *
     * @throws OrderNotFound when there is no such order
     */
    public Change changeOrder(long orderId, BiFunction<Order, Instant, Change> decision, AfterChange then) {
        return run(tx -> {
            Order current = orders.lock(tx, orderId).orElseThrow(() -> new OrderNotFound(orderId));
            Change change = decision.apply(current, tx.now());
            if (change.changedAnything()) {
                orders.update(tx, current, change.order());
                events.append(tx, change.events());
            }
            then.accept(tx, current, change);
            return change;
        });
    }

    /** Runs {@code group} as described in the class comment; one outcome per command, in order. */
    List<GroupCommit.Outcome<Object>> runGroup(List<Work<?>> group) {
        if (group.size() == 1) {
            return List.of(runAlone(group.get(0)));
        }
        try {
            Transaction[] shared = new Transaction[1];
            List<GroupCommit.Outcome<Object>> outcomes = jdbi.inTransaction(handle -> {
                Transaction tx = new Transaction(handle, true);
                shared[0] = tx;
                List<GroupCommit.Outcome<Object>> each = new ArrayList<>(group.size());
                for (Work<?> work : group) {
                    tx.startCommand(now());
                    try {
                        each.add(GroupCommit.Outcome.done(work.run(tx)));
                    } catch (RuntimeException e) {
                        if (!tx.canUndoCommand() || isTransient(e)) {
                            throw e;
                        }
                        tx.undoCommand();
                        each.add(GroupCommit.Outcome.failed(e));
                    }
                }
                tx.storeDeferred();
                return each;
            });
            committed(shared[0]);
            return outcomes;
        } catch (RuntimeException e) {
            if (Postgres.isUnavailable(e)) {
                return group.stream().map(work -> GroupCommit.Outcome.failed(e)).toList();
            }
            log.info("a group of {} commands failed together, running each alone: {}", group.size(), e.getMessage());
            return group.stream().map(this::runAlone).toList();
        }
    }

    private GroupCommit.Outcome<Object> runAlone(Work<?> work) {
        try {
            Transaction[] alone = new Transaction[1];
            Object value = jdbi.inTransaction(handle -> {
                Transaction tx = new Transaction(handle, false);
                alone[0] = tx;
                tx.startCommand(now());
                Object result = work.run(tx);
                tx.storeDeferred();
                return result;
            });
            committed(alone[0]);
            return GroupCommit.Outcome.done(value);
        } catch (RuntimeException e) {
            return GroupCommit.Outcome.failed(e);
        }
    }

    private void committed(Transaction tx) {
        eventsAppended.eventsAppended();
        try {
            tx.committed();
        } catch (RuntimeException e) {
            log.warn("an action after a commit failed: {}", e.toString());
        }
    }

    /** A deadlock or serialization failure: the transaction was chosen to fail and would succeed again. */
    private static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Commits what is waiting, then stops the group writers. */
    @Override
    public void close() {
        groups.close();
    }
}
