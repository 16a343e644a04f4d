package com.acme.orders.command.createorder;

import com.acme.orders.command.saga.Orchestrator;
import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.OrderIds;
import com.acme.orders.command.store.Orders;
import com.acme.orders.command.store.Transaction;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.Order;
import com.acme.orders.events.OrderCreatedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Places an order: one transaction with the order, its lines, its creation event, when the request has one
 * the idempotency key, and when sagas are enabled the start of its saga (which runs after {@code 201 Created}).
 */
public final class CreateOrder {

    private static final Logger log = LoggerFactory.getLogger(CreateOrder.class);

    /**
     * What the command produced.
     *
     * @param order    the order as created (version 1)
     * @param replayed true when an earlier request with the same idempotency key created it
     */
    public record Result(Order order, boolean replayed) {
    }

    private final Transactions transactions;
    private final OrderIds ids;
    private final Orders orders;
    private final EventStore events;
    private final IdempotencyKeys keys;
    private final Optional<Orchestrator> sagas;

    /** @param sagas the saga orchestrator when sagas are enabled: each new order starts its saga */
    public CreateOrder(Transactions transactions, OrderIds ids, Orders orders, EventStore events, IdempotencyKeys keys,
                       Optional<Orchestrator> sagas) {
        this.transactions = transactions;
        this.ids = ids;
        this.orders = orders;
        this.events = events;
        this.keys = keys;
        this.sagas = sagas;
    }

    /**
     * @param idempotencyKey when present, a retry with the same key and content returns the first result; the
     *                       claim and the order are in one transaction, so a retry finds either both or neither
     * @throws IdempotencyKeyReused when the key was used before with other content
     */
    public Result handle(CreateOrderCommand command, Optional<String> idempotencyKey) {
        long orderId = ids.next();
        String fingerprint = idempotencyKey.isPresent() ? IdempotencyKeys.fingerprint(command) : null;
        Result result = transactions.run(tx -> {
            if (idempotencyKey.isPresent()) {
                Optional<IdempotencyKeys.Earlier> earlier =
                        keys.claim(tx, idempotencyKey.get(), fingerprint, orderId, tx.now());
                if (earlier.isPresent()) {
                    return replay(tx, idempotencyKey.get(), earlier.get());
                }
            }
            Change change = Order.create(orderId, command, tx.now());
            orders.insert(tx, change.order());
            events.append(tx, change.events());
            sagas.ifPresent(saga -> saga.start(tx, change.order()));
            return new Result(change.order(), false);
        });
        if (result.replayed()) {
            log.debug("order create replayed orderId={} idempotencyKey={}", result.order().id(), idempotencyKey.orElse(""));
        } else {
            log.debug("order created orderId={} userId={} items={} total={} version=1", result.order().id(),
                    result.order().userId(), result.order().items().size(), result.order().totalAmount());
        }
        return result;
    }

    /** The order as its creation event describes it: what {@code POST /orders} answered the first time. */
    private Result replay(Transaction tx, String key, IdempotencyKeys.Earlier earlier) {
        if (!earlier.sameRequest()) {
            throw new IdempotencyKeyReused(key);
        }
        Order first = events.history(tx.handle(), earlier.orderId()).stream()
                .filter(event -> event.version() == 1 && OrderCreatedEvent.TYPE.equals(event.type()))
                .findFirst()
                .map(events::decode)
                .map(Order::created)
                .orElseThrow(() -> new IllegalStateException("idempotency key " + key + " points at order "
                        + earlier.orderId() + " which has no creation event"));
        return new Result(first, true);
    }
}
