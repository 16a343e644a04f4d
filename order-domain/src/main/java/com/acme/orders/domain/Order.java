package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.events.OrderCancelledEvent;
import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderDeletedEvent;
import com.acme.orders.events.OrderEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatusUpdatedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The order aggregate. Immutable: a command method checks the rules and returns a {@link Change} whose new
 * state was produced by {@link #apply applying} the events it records, so replaying the event store
 * reproduces exactly what live commands produced.
 *
 * <p>Deletion is soft and final: a deleted order keeps its history, and every later command on it is refused
 * with {@link OrderAlreadyDeleted}.
 *
 * @param id              the order id
 * @param userId          the customer
 * @param items           the lines, at least one
 * @param totalAmount     the sum of the lines, scale 2
 * @param status          where it is in its life
 * @param shippingAddress where it goes, or null when it is not shipped (digital goods, in-store pickup)
 * @param notes           customer notes, may be null
 * @param createdAt       when it was placed
 * @param updatedAt       when the last event happened
 * @param version         how many events it has; 1 after creation
 * @param deletedAt       when it was deleted, or null
 */
public record Order(long id, long userId, List<OrderLine> items, BigDecimal totalAmount, OrderStatus status,
                    String shippingAddress, String notes, Instant createdAt, Instant updatedAt, long version,
                    Instant deletedAt) {

    public Order {
        OrderIds.check(id);
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("order " + id + " has no items");
        }
        Objects.requireNonNull(totalAmount, "totalAmount");
        if (totalAmount.compareTo(sum(items)) != 0) {
            throw new IllegalArgumentException("order " + id + " total " + totalAmount + " is not the sum of its items "
                    + sum(items));
        }
        totalAmount = sum(items);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("order " + id + " has version " + version);
        }
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    // ---- commands -----------------------------------------------------------------------------------

    /** Places a new order with the given id: status PENDING, version 1, total computed from the lines. */
    public static Change create(long orderId, CreateOrderCommand command, Instant now) {
        List<OrderCreatedEvent.Item> items = command.items().stream()
                .map(line -> new OrderCreatedEvent.Item(line.productId(), line.quantity(), line.unitPrice()))
                .toList();
        OrderCreatedEvent created = new OrderCreatedEvent(command.userId(), items, sum(command.items()),
                command.shippingAddress(), command.notes());
        OrderEventEnvelope event = new OrderEventEnvelope(UUID.randomUUID(), orderId, 1, now, created);
        return new Change(created(event), List.of(event));
    }

    /**
     * Moves the order to {@code command.newStatus()}. Asking for the status it already has changes nothing
     * (a retried PUT is harmless).
     *
     * @throws StaleVersion            when the expected version is not the current one
     * @throws OrderAlreadyDeleted     when the order was deleted
     * @throws IllegalStatusTransition when the status machine forbids the move
     */
    public Change changeStatus(UpdateOrderStatusCommand command, Instant now) {
        requireSameOrder(command.orderId());
        requireNotDeleted();
        requireVersion(command.expectedVersion());
        OrderStatus target = command.newStatus();
        if (target == status) {
            return Change.none(this);
        }
        if (!status.canChangeTo(target)) {
            throw new IllegalStatusTransition(id, status, target);
        }
        return record(now, new OrderStatusUpdatedEvent(status.name(), target.name()));
    }

    /**
     * Deletes the order.
     *
     * @throws StaleVersion         when the expected version is not the current one
     * @throws OrderAlreadyDeleted  when it was deleted before
     * @throws OrderNotDeletable    when it is in fulfilment (see {@link OrderStatus#isDeletable()})
     */
    public Change delete(DeleteOrderCommand command, Instant now) {
        requireSameOrder(command.orderId());
        requireNotDeleted();
        requireVersion(command.expectedVersion());
        if (!status.isDeletable()) {
            throw new OrderNotDeletable(id, status);
        }
        return record(now, new OrderDeletedEvent(status.name()));
    }

    /**
     * Cancels the order on the service's own decision (its saga gave up), recording why. A CANCELLED order
     * changes nothing; a deleted one neither (it left every list already).
     *
     * @throws IllegalStatusTransition when the order is past the point where it can be cancelled
     */
    public Change cancel(String reason, Instant now) {
        if (status == OrderStatus.CANCELLED || isDeleted()) {
            return Change.none(this);
        }
        if (!status.canChangeTo(OrderStatus.CANCELLED)) {
            throw new IllegalStatusTransition(id, status, OrderStatus.CANCELLED);
        }
        return record(now, new OrderCancelledEvent(status.name(), reason));
    }

    /**
     * Confirms the order on the service's own decision (its saga reserved the stock and took the payment). A
     * CONFIRMED, cancelled or deleted order changes nothing: the customer may have cancelled meanwhile.
     */
    public Change confirm(Instant now) {
        if (status != OrderStatus.PENDING || isDeleted()) {
            return Change.none(this);
        }
        return record(now, new OrderStatusUpdatedEvent(status.name(), OrderStatus.CONFIRMED.name()));
    }

    // ---- events -------------------------------------------------------------------------------------

    /** The state an {@link OrderCreatedEvent} describes. */
    public static Order created(OrderEventEnvelope event) {
        if (!(event.payload() instanceof OrderCreatedEvent created)) {
            throw new IllegalStateException("order " + event.orderId() + " history starts with " + event.type()
                    + ", not " + OrderCreatedEvent.TYPE);
        }
        if (event.version() != 1) {
            throw new IllegalStateException("order " + event.orderId() + " was created at version " + event.version());
        }
        List<OrderLine> lines = created.items().stream()
                .map(item -> new OrderLine(item.productId(), item.quantity(), item.unitPrice()))
                .toList();
        return new Order(event.orderId(), created.userId(), lines, created.totalAmount(), OrderStatus.PENDING,
                created.shippingAddress(), created.notes(), event.occurredAt(), event.occurredAt(), 1, null);
    }

    /**
     * The state after {@code event}, which must be this order's next version.
     *
     * @throws IllegalStateException when the event does not follow (a corrupt or out-of-order history)
     */
    public Order apply(OrderEventEnvelope event) {
        requireSameOrder(event.orderId());
        if (event.version() != version + 1) {
            throw new IllegalStateException("order " + id + " at version " + version + " cannot apply version "
                    + event.version());
        }
        OrderEvent payload = event.payload();
        if (payload instanceof OrderStatusUpdatedEvent updated) {
            OrderStatus from = OrderStatus.valueOf(updated.oldStatus());
            if (from != status) {
                throw new IllegalStateException("order " + id + " is " + status + " but version " + event.version()
                        + " moves it from " + from);
            }
            return withEvent(event, OrderStatus.valueOf(updated.newStatus()), deletedAt);
        }
        if (payload instanceof OrderDeletedEvent) {
            return withEvent(event, status, event.occurredAt());
        }
        if (payload instanceof OrderCancelledEvent cancelled) {
            if (!OrderStatus.valueOf(cancelled.oldStatus()).equals(status)) {
                throw new IllegalStateException("order " + id + " is " + status + " but version " + event.version()
                        + " cancels it from " + cancelled.oldStatus());
            }
            return withEvent(event, OrderStatus.CANCELLED, deletedAt);
        }
        throw new IllegalStateException("order " + id + " cannot apply " + event.type() + " at version "
                + event.version());
    }

    /** Rebuilds an order from its complete history, oldest first. */
    public static Order replay(Iterable<OrderEventEnvelope> history) {
        Iterator<OrderEventEnvelope> events = history.iterator();
        if (!events.hasNext()) {
            throw new IllegalArgumentException("an order's history has at least one event");
        }
        Order order = created(events.next());
        while (events.hasNext()) {
            order = order.apply(events.next());
        }
        return order;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Change record(Instant now, OrderEvent payload) {
        OrderEventEnvelope event = new OrderEventEnvelope(UUID.randomUUID(), id, version + 1, now, payload);
        return new Change(apply(event), List.of(event));
    }

    private Order withEvent(OrderEventEnvelope event, OrderStatus newStatus, Instant newDeletedAt) {
        return new Order(id, userId, items, totalAmount, newStatus, shippingAddress, notes, createdAt,
                event.occurredAt(), event.version(), newDeletedAt);
    }

    private void requireSameOrder(long orderId) {
        if (orderId != id) {
            throw new IllegalArgumentException("order " + id + " was given something for order " + orderId);
        }
    }

    private void requireNotDeleted() {
        if (isDeleted()) {
            throw new OrderAlreadyDeleted(id, version);
        }
    }

    private void requireVersion(OptionalLong expected) {
        if (expected.isPresent() && expected.getAsLong() != version) {
            throw new StaleVersion(id, expected.getAsLong(), version);
        }
    }

    private static BigDecimal sum(List<OrderLine> lines) {
        return lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
    }
}
