package com.acme.orders.domain.saga;

import com.acme.orders.events.OrderStatus;
import org.junit.jupiter.api.Test;

import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentRefunded;
import static com.acme.orders.domain.saga.SagaFixtures.paymentVoided;
import static com.acme.orders.domain.saga.SagaFixtures.stockReleased;
import static com.acme.orders.domain.saga.SagaFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

class CustomerCancellingTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void cancelling_a_confirmed_order_releases_its_stock_and_voids_its_payment() {
        OrderSaga confirmed = fixtures.confirmed();

        SagaDecision decision = fixtures.rules.onCustomerCancel(confirmed, OrderStatus.CONFIRMED, T0);

        assertThat(types(decision)).containsExactly("VoidPayment", "ReleaseStock");
        assertThat(decision.outcome()).as("the customer's own status change cancels the order")
                .isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(decision.saga().cancellationReason()).isEqualTo(PlaceOrderSaga.CANCELLED_BY_CUSTOMER);
    }

    @Test
    void cancelling_a_processing_order_refunds_its_payment() {
        OrderSaga confirmed = fixtures.confirmed();

        SagaDecision decision = fixtures.rules.onCustomerCancel(confirmed, OrderStatus.PROCESSING, T0);

        assertThat(types(decision)).containsExactly("RefundPayment", "ReleaseStock");
        assertThat(decision.saga().pending())
                .containsExactlyInAnyOrder(Compensation.REFUND_PAYMENT, Compensation.RELEASE_STOCK);
    }

    @Test
    void the_compensation_of_a_customer_cancel_ends_with_nothing_held() {
        OrderSaga compensating = fixtures.rules.onCustomerCancel(fixtures.confirmed(), OrderStatus.PROCESSING, T0).saga();

        OrderSaga afterRefund = fixtures.rules.on(compensating, paymentRefunded(), T0).saga();
        OrderSaga done = fixtures.rules.on(afterRefund, stockReleased(), T0).saga();

        assertThat(afterRefund.step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(done.step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(done.stockReserved()).isFalse();
        assertThat(done.paymentAuthorized()).isFalse();
    }

    @Test
    void a_void_does_not_answer_a_refund() {
        OrderSaga compensating = fixtures.rules.onCustomerCancel(fixtures.confirmed(), OrderStatus.PROCESSING, T0).saga();

        SagaDecision decision = fixtures.rules.on(compensating, paymentVoided(), T0);

        assertThat(decision.ignored()).isTrue();
        assertThat(decision.saga().pending()).contains(Compensation.REFUND_PAYMENT);
    }

    @Test
    void cancelling_while_stock_is_being_reserved_releases_what_may_be_reserved() {
        SagaDecision decision = fixtures.rules.onCustomerCancel(fixtures.reservingStock(), OrderStatus.PENDING, T0);

        assertThat(types(decision)).containsExactly("ReleaseStock");
        assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
    }

    @Test
    void cancelling_while_payment_is_being_authorised_voids_it_and_releases_the_stock() {
        SagaDecision decision = fixtures.rules.onCustomerCancel(fixtures.authorizingPayment(), OrderStatus.PENDING, T0);

        assertThat(types(decision)).containsExactly("VoidPayment", "ReleaseStock");
    }

    @Test
    void a_late_authorisation_after_a_customer_cancel_is_voided() {
        OrderSaga compensating = fixtures.rules.onCustomerCancel(fixtures.authorizingPayment(), OrderStatus.PENDING, T0)
                .saga();

        SagaDecision decision = fixtures.rules.on(compensating, SagaFixtures.paymentAuthorized(), T0);

        assertThat(types(decision)).containsExactly("VoidPayment");
        assertThat(decision.outcome()).as("a late success never confirms a cancelled order")
                .isEqualTo(OrderOutcome.UNCHANGED);
    }

    @Test
    void cancelling_a_saga_that_already_gave_up_changes_nothing() {
        for (OrderSaga saga : new OrderSaga[]{fixtures.cancelledForStock(), fixtures.compensatingAfterInventoryTimeout()}) {
            SagaDecision decision = fixtures.rules.onCustomerCancel(saga, OrderStatus.CANCELLED, T0);

            assertThat(decision.ignored()).isTrue();
            assertThat(decision.commands()).isEmpty();
            assertThat(decision.saga()).isEqualTo(saga);
        }
    }
}
