package com.acme.orders.command.updatestatus;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves an order to another status in one transaction with the row locked. */
public final class UpdateOrderStatus {

    private static final Logger log = LoggerFactory.getLogger(UpdateOrderStatus.class);

    private final Transactions transactions;

    public UpdateOrderStatus(Transactions transactions) {
        this.transactions = transactions;
    }

    public Change handle(UpdateOrderStatusCommand command) {
        Change change = transactions.changeOrder(command.orderId(), (order, now) -> order.changeStatus(command, now));
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
