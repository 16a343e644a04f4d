package com.acme.orders.domain;

import com.acme.orders.events.OrderCancelledEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's own decisions on an order, as its saga takes them: confirm, or cancel with a reason. */
class DecidedBySagaTest {

    @Test
    void a_cancel_by_the_service_records_the_old_status_and_the_reason_and_replays_to_the_same_order() {
        Change placed = Order.create(7, OrderFixtures.createCommand(), OrderFixtures.T0);
        Order pending = placed.order();

        Change change = pending.cancel("out of stock: SKU-1", OrderFixtures.later(pending));

        assertThat(change.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(change.order().version()).isEqualTo(2);
        assertThat(change.events()).singleElement().satisfies(event -> assertThat(event.payload())
                .isEqualTo(new OrderCancelledEvent("PENDING", "out of stock: SKU-1")));
        List<OrderEventEnvelope> history = new ArrayList<>(placed.events());
        history.addAll(change.events());
        assertThat(Order.replay(history)).isEqualTo(change.order());
    }

    @Test
    void cancelling_an_order_the_customer_already_cancelled_changes_nothing() {
        Order cancelled = OrderFixtures.cancelledOrder();

        Change change = cancelled.cancel("payment declined", OrderFixtures.later(cancelled));

        assertThat(change.changedAnything()).isFalse();
    }

    @Test
    void a_shipped_order_cannot_be_cancelled_by_the_service() {
        Order shipped = OrderFixtures.shippedOrder();

        assertThatThrownBy(() -> shipped.cancel("late", OrderFixtures.later(shipped)))
                .isInstanceOf(IllegalStatusTransition.class);
    }

    @Test
    void a_confirm_by_the_service_moves_only_a_pending_order() {
        Order pending = OrderFixtures.pendingOrder();
        Order cancelled = OrderFixtures.cancelledOrder();

        Change confirmed = pending.confirm(OrderFixtures.later(pending));

        assertThat(confirmed.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(cancelled.confirm(OrderFixtures.later(cancelled)).changedAnything()).isFalse();
    }
}
