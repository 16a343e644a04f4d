package com.acme.orders.command.deleteorder;

import com.acme.orders.command.saga.Orchestrator;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.DeleteOrderCommand;
import com.acme.orders.events.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Deletes an order (soft) in one transaction with the row locked. Deleting a PENDING order whose saga runs
 * compensates what the saga did, as a cancel would.
 */
public final class DeleteOrder {

    private static final Logger log = LoggerFactory.getLogger(DeleteOrder.class);

    private final Transactions transactions;
    private final Optional<Orchestrator> sagas;

    /** @param sagas the saga orchestrator when sagas are enabled */
    public DeleteOrder(Transactions transactions, Optional<Orchestrator> sagas) {
        this.transactions = transactions;
        this.sagas = sagas;
    }

    public Change handle(DeleteOrderCommand command) {
        Change change = transactions.changeOrder(command.orderId(), (order, now) -> order.delete(command, now),
                (tx, before, after) -> {
                    if (sagas.isPresent() && after.changedAnything() && before.status() == OrderStatus.PENDING) {
                        sagas.get().customerCancelled(tx, before.id(), before.status());
                    }
                });
        log.debug("order deleted orderId={} status={} version={}", command.orderId(), change.order().status(),
                change.order().version());
        return change;
    }
}
