package com.acme.orders.domain.saga;

import org.junit.jupiter.api.Test;

import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentAuthorized;
import static com.acme.orders.domain.saga.SagaFixtures.paymentDeclined;
import static com.acme.orders.domain.saga.SagaFixtures.paymentVoided;
import static com.acme.orders.domain.saga.SagaFixtures.stockReleased;
import static com.acme.orders.domain.saga.SagaFixtures.stockReserved;
import static com.acme.orders.domain.saga.SagaFixtures.stockUnavailable;
import static com.acme.orders.domain.saga.SagaFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

class CompensatingLateRepliesTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void stock_reserved_after_the_inventory_timeout_is_released_again() {
        OrderSaga compensating = fixtures.compensatingAfterInventoryTimeout();

        SagaDecision decision = fixtures.rules.on(compensating, stockReserved(), T0);

        assertThat(types(decision)).containsExactly("ReleaseStock");
        assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(decision.saga().stockReserved()).isTrue();
        assertThat(decision.saga().pending()).containsExactly(Compensation.RELEASE_STOCK);
        assertThat(decision.saga().cancellationReason()).isEqualTo("inventory-service did not answer within 30s");
    }

    @Test
    void stock_reserved_after_the_saga_was_cancelled_is_released_and_tracked_until_released() {
        OrderSaga cancelled = fixtures.cancelledAfterInventoryTimeout();

        SagaDecision late = fixtures.rules.on(cancelled, stockReserved(), T0);
        SagaDecision released = fixtures.rules.on(late.saga(), stockReleased(), T0);

        assertThat(types(late)).containsExactly("ReleaseStock");
        assertThat(late.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(late.outcome()).as("the order is already cancelled").isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(released.saga().step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(released.saga().stockReserved()).isFalse();
        assertThat(released.saga().cancellationReason()).isEqualTo("inventory-service did not answer within 30s");
    }

    @Test
    void a_payment_authorised_after_the_payment_timeout_is_voided() {
        OrderSaga compensating = fixtures.compensatingAfterPaymentTimeout();

        SagaDecision decision = fixtures.rules.on(compensating, paymentAuthorized(), T0);

        assertThat(types(decision)).containsExactly("VoidPayment");
        assertThat(decision.saga().paymentAuthorized()).isTrue();
        assertThat(decision.saga().pending()).contains(Compensation.VOID_PAYMENT);
    }

    @Test
    void a_payment_authorised_after_the_saga_was_cancelled_is_voided() {
        OrderSaga compensating = fixtures.compensatingAfterPaymentTimeout();
        OrderSaga cancelled = fixtures.rules.on(fixtures.rules.on(compensating, paymentVoided(), T0).saga(),
                stockReleased(), T0).saga();

        SagaDecision decision = fixtures.rules.on(cancelled, paymentAuthorized(), T0);

        assertThat(cancelled.step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(types(decision)).containsExactly("VoidPayment");
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(decision.compensations()).isEqualTo(1);
    }

    @Test
    void the_full_late_sequence_of_a_slow_inventory_service_ends_with_nothing_reserved() {
        // The inventory service processes ReserveStock and then the ReleaseStock sent at the timeout, in order,
        // so the orchestrator sees StockReserved, then StockReleased twice (one per ReleaseStock).
        OrderSaga saga = fixtures.compensatingAfterInventoryTimeout();

        saga = fixtures.rules.on(saga, stockReserved(), T0).saga();
        saga = fixtures.rules.on(saga, stockReleased(), T0).saga();
        SagaDecision last = fixtures.rules.on(saga, stockReleased(), T0);

        assertThat(last.ignored()).isTrue();
        assertThat(last.saga().step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(last.saga().stockReserved()).isFalse();
        assertThat(last.saga().pending()).isEmpty();
    }

    @Test
    void late_refusals_hold_nothing_and_are_ignored() {
        OrderSaga compensating = fixtures.compensatingAfterPaymentTimeout();
        OrderSaga cancelled = fixtures.cancelledForStock();

        assertThat(fixtures.rules.on(compensating, paymentDeclined("late"), T0).ignored()).isTrue();
        assertThat(fixtures.rules.on(compensating, stockUnavailable("p1"), T0).ignored()).isTrue();
        assertThat(fixtures.rules.on(cancelled, stockUnavailable("p1"), T0).ignored()).isTrue();
        assertThat(fixtures.rules.on(cancelled, paymentDeclined("late"), T0).saga()).isEqualTo(cancelled);
    }
}
