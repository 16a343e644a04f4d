package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.OrderDeletedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletingAnOrderTest {

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"PENDING", "DELIVERED", "CANCELLED"})
    void orders_not_in_fulfilment_can_be_deleted(OrderStatus status) {
        Order order = OrderFixtures.inStatus(status);

        Change change = order.delete(new DeleteOrderCommand(order.id(), OptionalLong.empty()), OrderFixtures.later(order));

        assertThat(change.order().isDeleted()).isTrue();
        assertThat(change.order().deletedAt()).isEqualTo(OrderFixtures.later(order));
        assertThat(change.order().status()).as("deleting keeps the status").isEqualTo(status);
        assertThat(change.order().version()).isEqualTo(order.version() + 1);
        assertThat(change.events()).singleElement()
                .satisfies(event -> assertThat(event.payload()).isEqualTo(new OrderDeletedEvent(status.name())));
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"CONFIRMED", "PROCESSING", "SHIPPED"})
    void orders_in_fulfilment_cannot_be_deleted(OrderStatus status) {
        Order order = OrderFixtures.inStatus(status);

        assertThatThrownBy(() -> order.delete(new DeleteOrderCommand(order.id(), OptionalLong.empty()), OrderFixtures.T0))
                .isInstanceOf(OrderNotDeletable.class)
                .hasMessageContaining("cannot be deleted in status " + status);
    }

    @Test
    void deleting_twice_is_refused() {
        Order deleted = OrderFixtures.deletedOrder();

        assertThatThrownBy(() -> deleted.delete(new DeleteOrderCommand(deleted.id(), OptionalLong.empty()), OrderFixtures.T0))
                .isInstanceOf(OrderAlreadyDeleted.class);
    }

    @Test
    void a_stale_delete_is_refused() {
        Order confirmed = OrderFixtures.cancelledOrder();

        assertThatThrownBy(() -> confirmed.delete(new DeleteOrderCommand(confirmed.id(), OptionalLong.of(1)), OrderFixtures.T0))
                .isInstanceOf(StaleVersion.class);
    }
}
