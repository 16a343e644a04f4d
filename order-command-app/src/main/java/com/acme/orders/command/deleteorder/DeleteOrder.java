package com.acme.orders.command.deleteorder;

import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.DeleteOrderCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes an order (soft) in one transaction with the row locked. */
public final class DeleteOrder {

    private static final Logger log = LoggerFactory.getLogger(DeleteOrder.class);

    private final Transactions transactions;

    public DeleteOrder(Transactions transactions) {
        this.transactions = transactions;
    }

    public Change handle(DeleteOrderCommand command) {
        Change change = transactions.changeOrder(command.orderId(), (order, now) -> order.delete(command, now));
        log.debug("order deleted orderId={} status={} version={}", command.orderId(), change.order().status(),
                change.order().version());
        return change;
    }
}
