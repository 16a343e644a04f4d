package com.acme.orders.inventory.reservation;

import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.inventory.stock.StockLevels;
import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import com.acme.orders.platform.messaging.SagaParticipant;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the inventory service does for each command, inside the transaction that also records the command in the
 * inbox and the reply in the outbox.
 *
 * <ul>
 *   <li>{@link ReserveStock}: every line or none. The product rows are locked first, so concurrent reservations of
 *       the same product queue up and the stock never goes below zero. An order that already holds its reservation
 *       answers {@link StockReserved} again; one that was released answers {@link StockUnavailable} without
 *       products and reserves nothing.</li>
 *   <li>{@link ReleaseStock}: gives the order's lines back; an order with nothing reserved is marked released, so a
 *       late {@code ReserveStock} for it reserves nothing. Always answers {@link StockReleased}.</li>
 * </ul>
 */
public final class Reservations implements SagaParticipant.Effect {

    private enum Status { RESERVED, RELEASED }

    private final StockLevels stock;

    public Reservations(StockLevels stock) {
        this.stock = stock;
    }

    @Override
    public SagaReply apply(Handle handle, SagaCommand command, Instant now) {
        if (command instanceof ReserveStock reserve) {
            return reserve(handle, reserve, now);
        }
        if (command instanceof ReleaseStock release) {
            return release(handle, release, now);
        }
        throw new IllegalArgumentException(command.type() + " is not an inventory command");
    }

    /**
     * A batch's reservations and releases lock product rows command by command, each command in product order but
     * the batch as a whole not: locks them all first, in product order, as a single command does.
     */
    @Override
    public void lockAll(Handle handle, List<SagaCommand> commands, Instant now) {
        Set<String> products = new HashSet<>();
        List<Long> releasing = new ArrayList<>();
        for (SagaCommand command : commands) {
            if (command instanceof ReserveStock reserve) {
                reserve.lines().forEach(line -> products.add(line.productId()));
            } else if (command instanceof ReleaseStock) {
                releasing.add(command.orderId());
            }
        }
        if (!releasing.isEmpty()) {
            products.addAll(handle.createQuery("""
                            SELECT DISTINCT product_id FROM reservation_lines WHERE order_id = ANY(:orders)""")
                    .addCustomizer(PlannedEachTime.CUSTOMIZER)
                    .bindByType("orders", releasing, SqlArrays.LONGS)
                    .mapTo(String.class)
                    .list());
        }
        if (!products.isEmpty()) {
            stock.lockAvailable(handle, List.copyOf(products), now);
        }
    }

    private SagaReply reserve(Handle handle, ReserveStock command, Instant now) {
        Optional<Status> existing = lockReservation(handle, command.orderId());
        if (existing.isPresent()) {
            return existing.get() == Status.RESERVED
                    ? new StockReserved(UUID.randomUUID(), command.orderId(), now, command.messageId())
                    : new StockUnavailable(UUID.randomUUID(), command.orderId(), now, command.messageId(), List.of());
        }
        List<String> productIds = command.lines().stream().map(ReserveStock.Line::productId).toList();
        Map<String, Integer> available = stock.lockAvailable(handle, productIds, now);
        List<String> shortOf = command.lines().stream()
                .filter(line -> available.get(line.productId()) < line.quantity())
                .map(ReserveStock.Line::productId)
                .toList();
        if (!shortOf.isEmpty()) {
            return new StockUnavailable(UUID.randomUUID(), command.orderId(), now, command.messageId(), shortOf);
        }
        Map<String, Integer> quantities = new HashMap<>();
        command.lines().forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
        stock.reserveAll(handle, quantities, now);
        // The reservation and its lines in one statement: a round trip per command adds up over a batch.
        handle.createUpdate("""
                        WITH reservation AS (
                            INSERT INTO reservations (order_id, status, updated_at) VALUES (:order, 'RESERVED', :now))
                        INSERT INTO reservation_lines (order_id, product_id, quantity)
                        SELECT :order, product_id, quantity
                        FROM unnest(:products, :quantities) AS line(product_id, quantity)""")
                .bind("order", command.orderId())
                .bind("now", now)
                .bindByType("products", productIds, SqlArrays.STRINGS)
                .bindByType("quantities", command.lines().stream().map(ReserveStock.Line::quantity).toList(),
                        SqlArrays.INTEGERS)
                .execute();
        return new StockReserved(UUID.randomUUID(), command.orderId(), now, command.messageId());
    }

    private SagaReply release(Handle handle, ReleaseStock command, Instant now) {
        Optional<Status> existing = lockReservation(handle, command.orderId());
        if (existing.isEmpty()) {
            handle.createUpdate("""
                            INSERT INTO reservations (order_id, status, updated_at) VALUES (:order, 'RELEASED', :now)""")
                    .bind("order", command.orderId())
                    .bind("now", now)
                    .execute();
        } else if (existing.get() == Status.RESERVED) {
            List<Map.Entry<String, Integer>> lines = handle.createQuery("""
                            SELECT product_id, quantity FROM reservation_lines WHERE order_id = :order
                            ORDER BY product_id""")
                    .bind("order", command.orderId())
                    .map((rs, ctx) -> Map.entry(rs.getString("product_id"), rs.getInt("quantity")))
                    .list();
            // The same lock order as a reservation, so a release and a reservation never deadlock.
            stock.lockAvailable(handle, lines.stream().map(Map.Entry::getKey).toList(), now);
            for (Map.Entry<String, Integer> line : lines) {
                stock.release(handle, line.getKey(), line.getValue(), now);
            }
            handle.createUpdate("""
                            UPDATE reservations SET status = 'RELEASED', updated_at = :now WHERE order_id = :order""")
                    .bind("order", command.orderId())
                    .bind("now", now)
                    .execute();
        }
        return new StockReleased(UUID.randomUUID(), command.orderId(), now, command.messageId());
    }

    private static Optional<Status> lockReservation(Handle handle, long orderId) {
        return handle.createQuery("SELECT status FROM reservations WHERE order_id = :order FOR UPDATE")
                .bind("order", orderId)
                .mapTo(String.class)
                .findOne()
                .map(Status::valueOf);
    }
}
