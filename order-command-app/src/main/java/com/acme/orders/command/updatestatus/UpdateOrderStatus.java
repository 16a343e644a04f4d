package com.acme.orders.command.updatestatus;

import com.acme.orders.command.saga.ConfirmedBySaga;
import com.acme.orders.command.saga.Orchestrator;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import com.acme.orders.events.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Moves an order to another status in one transaction with the row locked. While sagas run, the saga alone
 * confirms an order, and a cancel compensates what the saga did in the same transaction.
 */
public final class UpdateOrderStatus {

    private static final Logger log = LoggerFactory.getLogger(UpdateOrderStatus.class);

    private final Transactions transactions;
    private final Optional<Orchestrator> sagas;

    /** @param sagas the saga orchestrator when sagas are enabled */
    public UpdateOrderStatus(Transactions transactions, Optional<Orchestrator> sagas) {
        this.transactions = transactions;
        this.sagas = sagas;
    }

    public Change handle(UpdateOrderStatusCommand command) {
        Change change = transactions.changeOrder(command.orderId(), (order, now) -> {
            if (sagas.isPresent() && command.newStatus() == OrderStatus.CONFIRMED && order.status() != OrderStatus.CONFIRMED) {
                throw new ConfirmedBySaga(order.id());
            }
            return order.changeStatus(command, now);
        }, (tx, before, after) -> {
            if (sagas.isPresent() && after.changedAnything() && after.order().status() == OrderStatus.CANCELLED) {
                sagas.get().customerCancelled(tx, before.id(), before.status());
            }
        });
        if (change.changedAnything()) {
            log.debug("order status changed orderId={} status={} version={}", command.orderId(),
                    change.order().status(), change.order().version());
        } else {
            log.debug("order status unchanged orderId={} status={} version={}", command.orderId(),
                    change.order().status(), change.order().version());
        }
        return change;
    }
}
