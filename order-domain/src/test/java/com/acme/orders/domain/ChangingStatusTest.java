package com.acme.orders.domain;

import com.acme.orders.events.OrderStatusUpdatedEvent;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static com.acme.orders.events.OrderStatus.CONFIRMED;
import static com.acme.orders.events.OrderStatus.PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangingStatusTest {

    @Test
    void an_allowed_move_bumps_the_version_and_records_old_and_new_status() {
        Order pending = OrderFixtures.pendingOrder();

        Change change = pending.changeStatus(OrderFixtures.to(pending, CONFIRMED), OrderFixtures.later(pending));

        assertThat(change.order().status()).isEqualTo(CONFIRMED);
        assertThat(change.order().version()).isEqualTo(2);
        assertThat(change.order().updatedAt()).isEqualTo(OrderFixtures.later(pending));
        assertThat(change.order().createdAt()).isEqualTo(pending.createdAt());
        assertThat(change.events()).singleElement().satisfies(event -> {
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.payload()).isEqualTo(new OrderStatusUpdatedEvent("PENDING", "CONFIRMED"));
        });
    }

    @Test
    void asking_for_the_current_status_changes_nothing() {
        Order confirmed = OrderFixtures.confirmedOrder();

        Change change = confirmed.changeStatus(OrderFixtures.to(confirmed, CONFIRMED), OrderFixtures.later(confirmed));

        assertThat(change.changedAnything()).isFalse();
        assertThat(change.order()).isEqualTo(confirmed);
    }

    @Test
    void a_stale_expected_version_is_refused_with_both_versions() {
        Order confirmed = OrderFixtures.confirmedOrder();
        UpdateOrderStatusCommand stale = new UpdateOrderStatusCommand(confirmed.id(), PROCESSING, OptionalLong.of(1));

        assertThatThrownBy(() -> confirmed.changeStatus(stale, OrderFixtures.later(confirmed)))
                .isInstanceOfSatisfying(StaleVersion.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
    }

    @Test
    void the_current_expected_version_is_accepted() {
        Order confirmed = OrderFixtures.confirmedOrder();
        UpdateOrderStatusCommand current = new UpdateOrderStatusCommand(confirmed.id(), PROCESSING, OptionalLong.of(2));

        assertThat(confirmed.changeStatus(current, OrderFixtures.later(confirmed)).order().version()).isEqualTo(3);
    }

    @Test
    void a_deleted_order_accepts_no_status_change() {
        Order deleted = OrderFixtures.deletedOrder();

        assertThatThrownBy(() -> deleted.changeStatus(OrderFixtures.to(deleted, CONFIRMED), OrderFixtures.later(deleted)))
                .isInstanceOf(OrderAlreadyDeleted.class)
                .hasMessageContaining("order 7 was deleted");
    }
}
