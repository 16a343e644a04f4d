package com.acme.orders.domain.saga;

import com.acme.orders.events.saga.RefundPayment;
import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.VoidPayment;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PlaceOrderSaga} decided: the saga's new state, the commands to send (through the outbox, in this
 * order, in the same transaction as the state) and what becomes of the order.
 *
 * @param saga     the new state; equal to the old one when {@code ignored}
 * @param commands what to send, possibly none
 * @param outcome  what to do with the order
 * @param ignored  nothing happened: a duplicate, or a message that means nothing in this step
 * @param summary  one line for the log and the saga's history, e.g. {@code stock reserved, authorising payment}
 */
public record SagaDecision(OrderSaga saga, List<SagaCommand> commands, OrderOutcome outcome, boolean ignored,
                           String summary) {

    public SagaDecision {
        Objects.requireNonNull(saga, "saga");
        commands = List.copyOf(commands);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
    }

    static SagaDecision ignore(OrderSaga saga, String summary) {
        return new SagaDecision(saga, List.of(), OrderOutcome.UNCHANGED, true, summary);
    }

    /** How many of the commands are compensations (release, void, refund): for the compensations metric. */
    public long compensations() {
        return commands.stream()
                .filter(command -> command instanceof ReleaseStock || command instanceof VoidPayment
                        || command instanceof RefundPayment)
                .count();
    }
}
