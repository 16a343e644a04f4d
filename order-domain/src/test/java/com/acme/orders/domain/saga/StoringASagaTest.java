package com.acme.orders.domain.saga;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state can be rebuilt from a stored row, and a row that makes no sense is refused. */
class StoringASagaTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void a_stored_saga_rebuilds_equal() {
        OrderSaga saga = fixtures.compensatingAfterPaymentTimeout();

        OrderSaga rebuilt = new OrderSaga(saga.orderId(), saga.step(), saga.stockReserved(), saga.paymentAuthorized(),
                saga.amount(), saga.currency(), Set.copyOf(saga.pending()), saga.cancellationReason());

        assertThat(rebuilt).isEqualTo(saga);
    }

    @Test
    void inconsistent_states_are_refused() {
        BigDecimal amount = new BigDecimal("1.00");

        assertThatThrownBy(() -> new OrderSaga(7, SagaStep.COMPENSATING, false, false, amount, "EUR", Set.of(), "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderSaga(7, SagaStep.CANCELLED, false, false, amount, "EUR",
                Set.of(Compensation.RELEASE_STOCK), "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderSaga(7, SagaStep.CONFIRMED, true, false, amount, "EUR", Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderSaga(7, SagaStep.CANCELLED, false, false, amount, "EUR", Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderSaga(0, SagaStep.RESERVING_STOCK, false, false, amount, "EUR", Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
