package com.acme.orders.command.createorder;

import com.acme.orders.command.store.WriteModel;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Places an order: one transaction with the order, its lines, its creation event and the idempotency key. */
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

    private final WriteModel writeModel;
    private final IdempotencyKeys keys;

    public CreateOrder(WriteModel writeModel, IdempotencyKeys keys) {
        this.writeModel = writeModel;
        this.keys = keys;
    }

    /**
     * @param idempotencyKey when present, a retry with the same key and content returns the first result
     * @throws IdempotencyKeyReused when the key was used before with other content
     */
    public Result handle(CreateOrderCommand command, Optional<String> idempotencyKey) {
        long orderId = writeModel.nextOrderId();
        Result result = idempotencyKey.isEmpty() ? placeNew(orderId, command) : placeOnce(orderId, command,
                idempotencyKey.get());
        if (result.replayed()) {
            log.debug("order create replayed orderId={} idempotencyKey={}", result.order().id(), idempotencyKey.orElse(""));
        } else {
            log.debug("order created orderId={} userId={} items={} total={} version=1", result.order().id(),
                    result.order().userId(), result.order().items().size(), result.order().totalAmount());
        }
        return result;
    }

    /** Without a key: one statement, no transaction round trips. */
    private Result placeNew(long orderId, CreateOrderCommand command) {
        Change change = Order.create(orderId, command, writeModel.now());
        writeModel.saveNew(change);
        return new Result(change.order(), false);
    }

    /** With a key: the claim and the order in one transaction, so a retry finds either both or neither. */
    private Result placeOnce(long orderId, CreateOrderCommand command, String key) {
        return writeModel.inTransaction(handle -> {
            Optional<IdempotencyKeys.Earlier> earlier =
                    keys.claim(handle, key, IdempotencyKeys.fingerprint(command), orderId, writeModel.now());
            if (earlier.isPresent()) {
                if (!earlier.get().sameRequest()) {
                    throw new IdempotencyKeyReused(key);
                }
                Order first = writeModel.asCreated(handle, earlier.get().orderId()).orElseThrow(() ->
                        new IllegalStateException("idempotency key " + key + " points at order "
                                + earlier.get().orderId() + " which has no creation event"));
                return new Result(first, true);
            }
            Change change = Order.create(orderId, command, writeModel.now());
            writeModel.saveNew(handle, change);
            return new Result(change.order(), false);
        });
    }
}
