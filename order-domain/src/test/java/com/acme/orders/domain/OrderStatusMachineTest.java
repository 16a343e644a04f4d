package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static com.acme.orders.events.OrderStatus.CANCELLED;
import static com.acme.orders.events.OrderStatus.CONFIRMED;
import static com.acme.orders.events.OrderStatus.DELIVERED;
import static com.acme.orders.events.OrderStatus.PENDING;
import static com.acme.orders.events.OrderStatus.PROCESSING;
import static com.acme.orders.events.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderStatusMachineTest {

    @Test
    void the_allowed_moves_are_exactly_the_documented_ones() {
        assertThat(PENDING.next()).containsExactlyInAnyOrder(CONFIRMED, CANCELLED);
        assertThat(CONFIRMED.next()).containsExactlyInAnyOrder(PROCESSING, CANCELLED);
        assertThat(PROCESSING.next()).containsExactlyInAnyOrder(SHIPPED, CANCELLED);
        assertThat(SHIPPED.next()).containsExactly(DELIVERED);
        assertThat(DELIVERED.next()).isEmpty();
        assertThat(CANCELLED.next()).isEmpty();
    }

    @Test
    void delivered_and_cancelled_are_final() {
        Set<OrderStatus> finals = EnumSet.noneOf(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isFinal()) {
                finals.add(status);
            }
        }

        assertThat(finals).containsExactlyInAnyOrder(DELIVERED, CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void every_forbidden_move_is_refused_naming_both_statuses(OrderStatus from) {
        for (OrderStatus to : OrderStatus.values()) {
            if (to == from || from.canChangeTo(to)) {
                continue;
            }
            Order order = OrderFixtures.inStatus(from);

            assertThatThrownBy(() -> order.changeStatus(OrderFixtures.to(order, to), OrderFixtures.later(order)))
                    .isInstanceOfSatisfying(IllegalStatusTransition.class, e -> {
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                    })
                    .hasMessageContaining("from " + from + " to " + to);
        }
    }

    @Test
    void delivered_cannot_go_back_to_pending() {
        Order delivered = OrderFixtures.deliveredOrder();

        assertThatThrownBy(() -> delivered.changeStatus(OrderFixtures.to(delivered, PENDING), OrderFixtures.T0))
                .isInstanceOf(IllegalStatusTransition.class)
                .hasMessage("order 7 cannot change status from DELIVERED to PENDING (DELIVERED is final)");
    }

    @Test
    void an_unknown_status_name_is_an_invalid_command_listing_the_known_ones() {
        assertThatThrownBy(() -> UpdateOrderStatusCommand.parseStatus("status", "LOST"))
                .isInstanceOfSatisfying(InvalidCommand.class, e -> assertThat(e.field()).isEqualTo("status"))
                .hasMessageContaining("PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED")
                .hasMessageContaining("'LOST'");
        assertThatThrownBy(() -> UpdateOrderStatusCommand.parseStatus("status", "pending")).isInstanceOf(InvalidCommand.class);
        assertThat(UpdateOrderStatusCommand.parseStatus("status", "SHIPPED")).isEqualTo(SHIPPED);
    }
}
