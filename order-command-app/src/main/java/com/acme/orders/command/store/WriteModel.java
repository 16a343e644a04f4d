package com.acme.orders.command.store;

import com.acme.orders.command.outbox.EventsAppended;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderNotFound;
import com.acme.orders.events.OrderCreatedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The unit of work of every command: one transaction that writes the write model and appends the events
 * that explain the change, then wakes the relay. Either both are stored or neither is.
 */
public final class WriteModel implements AutoCloseable {

    /** Groups in flight at once: one is being written while the next fills up. */
    private static final int GROUP_WRITERS = 2;

    private final Jdbi jdbi;
    private final Orders orders;
    private final EventStore events;
    private final PlacedOrders placed;
    private final OrderIds ids;
    private final GroupCommit<Change> newOrders;
    private final Clock clock;
    private final EventsAppended eventsAppended;

    public WriteModel(Jdbi jdbi, Orders orders, EventStore events, PlacedOrders placed, Clock clock,
                      EventsAppended eventsAppended) {
        this.jdbi = jdbi;
        this.orders = orders;
        this.events = events;
        this.placed = placed;
        this.ids = new OrderIds(jdbi);
        this.newOrders = new GroupCommit<>(GROUP_WRITERS,
                group -> jdbi.useHandle(handle -> placed.insertAll(handle, group)),
                eventsAppended::eventsAppended, Duration.ofSeconds(30));
        this.clock = clock;
        this.eventsAppended = eventsAppended;
    }

    /** Now, at the precision PostgreSQL keeps, so that what is stored equals what was decided. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs {@code work} in one transaction and, once it committed, tells the relay. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        T result = jdbi.inTransaction(work);
        eventsAppended.eventsAppended();
        return result;
    }

    public long nextOrderId() {
        return ids.next();
    }

    /** Stores a newly placed order and its creation event (one statement) inside the caller's transaction. */
    public void saveNew(Handle handle, Change change) {
        placed.insert(handle, change);
    }

    /**
     * Stores a newly placed order and its creation event, grouped with other new orders waiting at the same
     * moment into one atomic statement (group commit); returns once it is committed.
     */
    public void saveNew(Change change) {
        newOrders.write(change);
    }

    /** Stores what is waiting, then stops the group writers. */
    @Override
    public void close() {
        newOrders.close();
    }

    /**
     * Locks the order, lets {@code decision} turn it into a change, and stores the change; all in one
     * transaction, so concurrent commands on one order are applied one after the other.
     *
     * @throws OrderNotFound when there is no such order
     */
    public Change change(long orderId, BiFunction<Order, Instant, Change> decision) {
        return inTransaction(handle -> {
            Order current = orders.lock(handle, orderId).orElseThrow(() -> new OrderNotFound(orderId));
            Change change = decision.apply(current, now());
            if (change.changedAnything()) {
                orders.update(handle, current, change.order());
                events.append(handle, change.events());
            }
            return change;
        });
    }

    /** The order as its creation event describes it: what {@code POST /orders} answered the first time. */
    public Optional<Order> asCreated(Handle handle, long orderId) {
        return events.history(handle, orderId).stream()
                .filter(event -> event.version() == 1 && OrderCreatedEvent.TYPE.equals(event.type()))
                .findFirst()
                .map(events::decode)
                .map(Order::created);
    }
}
