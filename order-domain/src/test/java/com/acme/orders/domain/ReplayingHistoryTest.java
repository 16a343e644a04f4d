package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatusUpdatedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static com.acme.orders.events.OrderStatus.CONFIRMED;
import static com.acme.orders.events.OrderStatus.PROCESSING;
import static com.acme.orders.events.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayingHistoryTest {

    @Test
    void replaying_the_recorded_events_rebuilds_exactly_the_live_state() {
        List<OrderEventEnvelope> history = new ArrayList<>();
        Change change = Order.create(7, OrderFixtures.createCommand(), OrderFixtures.T0);
        history.addAll(change.events());
        for (OrderStatus next : List.of(CONFIRMED, PROCESSING, SHIPPED, OrderStatus.DELIVERED)) {
            Order current = change.order();
            change = current.changeStatus(OrderFixtures.to(current, next), OrderFixtures.later(current));
            history.addAll(change.events());
        }
        Order delivered = change.order();
        change = delivered.delete(new DeleteOrderCommand(7, OptionalLong.empty()), OrderFixtures.later(delivered));
        history.addAll(change.events());

        assertThat(Order.replay(history)).isEqualTo(change.order());
    }

    @Test
    void a_missing_version_is_detected_not_skipped() {
        Order pending = OrderFixtures.pendingOrder();
        OrderEventEnvelope version3 = new OrderEventEnvelope(UUID.randomUUID(), pending.id(), 3, OrderFixtures.T0,
                new OrderStatusUpdatedEvent("PENDING", "CONFIRMED"));

        assertThatThrownBy(() -> pending.apply(version3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("order 7 at version 1 cannot apply version 3");
    }

    @Test
    void an_event_that_contradicts_the_current_status_is_detected() {
        Order pending = OrderFixtures.pendingOrder();
        OrderEventEnvelope wrongFrom = new OrderEventEnvelope(UUID.randomUUID(), pending.id(), 2, OrderFixtures.T0,
                new OrderStatusUpdatedEvent("SHIPPED", "DELIVERED"));

        assertThatThrownBy(() -> pending.apply(wrongFrom)).isInstanceOf(IllegalStateException.class);
    }
}
