package com.acme.orders.domain.saga;

import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.events.saga.ReserveStock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;

import static com.acme.orders.domain.saga.SagaFixtures.ORDER_ID;
import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartingASagaTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void a_placed_order_first_reserves_stock_for_every_line() {
        Order order = SagaFixtures.pendingOrder();

        SagaDecision decision = fixtures.rules.start(order, T0);

        assertThat(decision.commands()).singleElement().isInstanceOfSatisfying(ReserveStock.class, reserve -> {
            assertThat(reserve.orderId()).isEqualTo(ORDER_ID);
            assertThat(reserve.occurredAt()).isEqualTo(T0);
            assertThat(reserve.lines()).containsExactly(new ReserveStock.Line("p1", 2), new ReserveStock.Line("p2", 1));
        });
        assertThat(decision.saga().step()).isEqualTo(SagaStep.RESERVING_STOCK);
        assertThat(decision.saga().step().hasDeadline()).isTrue();
        assertThat(decision.saga().stockReserved()).isFalse();
        assertThat(decision.saga().paymentAuthorized()).isFalse();
        assertThat(decision.saga().amount()).isEqualByComparingTo("44.98");
        assertThat(decision.saga().currency()).isEqualTo("EUR");
        assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(decision.ignored()).isFalse();
    }

    @Test
    void lines_of_the_same_product_are_reserved_together() {
        Order order = Order.create(9, new CreateOrderCommand(42, List.of(
                new OrderLine("p1", 2, new BigDecimal("1.00")),
                new OrderLine("p2", 1, new BigDecimal("1.00")),
                new OrderLine("p1", 3, new BigDecimal("2.00"))), "1 Main St", null), T0).order();

        SagaDecision decision = fixtures.rules.start(order, T0);

        assertThat(((ReserveStock) decision.commands().get(0)).lines())
                .containsExactly(new ReserveStock.Line("p1", 5), new ReserveStock.Line("p2", 1));
    }

    @Test
    void every_command_gets_a_fresh_message_id() {
        SagaDecision first = fixtures.started();
        SagaDecision second = fixtures.started();

        assertThat(first.commands().get(0).messageId()).isNotEqualTo(second.commands().get(0).messageId());
    }

    @Test
    void only_a_pending_order_starts_a_saga() {
        Order pending = SagaFixtures.pendingOrder();
        Order confirmed = pending.changeStatus(
                new UpdateOrderStatusCommand(ORDER_ID, OrderStatus.CONFIRMED, OptionalLong.empty()), T0).order();

        assertThatThrownBy(() -> fixtures.rules.start(confirmed, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONFIRMED");
    }

    @Test
    void the_step_timeout_must_be_positive() {
        assertThatThrownBy(() -> new PlaceOrderSaga(java.time.Duration.ZERO, "EUR", java.util.UUID::randomUUID))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
