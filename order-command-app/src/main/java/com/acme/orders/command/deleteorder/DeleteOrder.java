package com.acme.orders.command.deleteorder;

import com.acme.orders.command.store.WriteModel;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.DeleteOrderCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes an order (soft) in one transaction with the row locked. */
public final class DeleteOrder {

    private static final Logger log = LoggerFactory.getLogger(DeleteOrder.class);

    private final WriteModel writeModel;

    public DeleteOrder(WriteModel writeModel) {
        this.writeModel = writeModel;
    }

    public Change handle(DeleteOrderCommand command) {
        Change change = writeModel.change(command.orderId(), (order, now) -> order.delete(command, now));
        log.debug("order deleted orderId={} status={} version={}", command.orderId(), change.order().status(),
                change.order().version());
        return change;
    }
}
