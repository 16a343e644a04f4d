package com.acme.orders.domain.saga;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.acme.orders.domain.saga.SagaFixtures.ORDER_ID;
import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentVoided;
import static com.acme.orders.domain.saga.SagaFixtures.stockReleased;
import static com.acme.orders.domain.saga.SagaFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

class TimingOutTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void a_silent_inventory_service_cancels_the_order_and_releases_what_it_may_have_reserved() {
        OrderSaga reserving = fixtures.reservingStock();

        SagaDecision decision = fixtures.rules.onTimeout(reserving, T0.plusSeconds(30));

        assertThat(decision.outcome())
                .isEqualTo(new OrderOutcome.Cancel("inventory-service did not answer within 30s"));
        assertThat(types(decision)).containsExactly("ReleaseStock");
        assertThat(decision.commands().get(0).orderId()).isEqualTo(ORDER_ID);
        assertThat(decision.commands().get(0).occurredAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(decision.saga().pending()).containsExactly(Compensation.RELEASE_STOCK);
        assertThat(decision.saga().cancellationReason()).isEqualTo("inventory-service did not answer within 30s");
    }

    @Test
    void a_silent_payment_service_voids_what_it_may_have_authorised_then_releases_the_stock() {
        OrderSaga authorizing = fixtures.authorizingPayment();

        SagaDecision decision = fixtures.rules.onTimeout(authorizing, T0);

        assertThat(decision.outcome()).isEqualTo(new OrderOutcome.Cancel("payment-service did not answer within 30s"));
        assertThat(types(decision)).as("reverse order of the forward steps").containsExactly("VoidPayment", "ReleaseStock");
        assertThat(decision.compensations()).isEqualTo(2);
        assertThat(decision.saga().pending()).containsExactlyInAnyOrder(Compensation.VOID_PAYMENT, Compensation.RELEASE_STOCK);
    }

    @Test
    void the_saga_is_cancelled_only_when_every_compensation_was_answered() {
        OrderSaga compensating = fixtures.compensatingAfterPaymentTimeout();

        SagaDecision afterVoid = fixtures.rules.on(compensating, paymentVoided(), T0);
        SagaDecision afterRelease = fixtures.rules.on(afterVoid.saga(), stockReleased(), T0);

        assertThat(afterVoid.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(afterVoid.saga().pending()).containsExactly(Compensation.RELEASE_STOCK);
        assertThat(afterRelease.saga().step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(afterRelease.saga().pending()).isEmpty();
        assertThat(afterRelease.saga().stockReserved()).isFalse();
        assertThat(afterRelease.saga().paymentAuthorized()).isFalse();
        assertThat(afterRelease.saga().cancellationReason()).isEqualTo("payment-service did not answer within 30s");
    }

    @Test
    void a_step_without_a_deadline_ignores_a_timeout() {
        for (OrderSaga saga : new OrderSaga[]{fixtures.confirmed(), fixtures.compensatingAfterInventoryTimeout(),
                fixtures.cancelledForStock()}) {
            SagaDecision decision = fixtures.rules.onTimeout(saga, T0);

            assertThat(decision.ignored()).as(saga.step().name()).isTrue();
            assertThat(decision.saga()).isEqualTo(saga);
            assertThat(decision.commands()).isEmpty();
            assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
        }
    }

    @Test
    void the_reason_says_the_configured_timeout_as_an_operator_writes_it() {
        PlaceOrderSaga rules = new PlaceOrderSaga(Duration.ofMinutes(2), "EUR", UUID::randomUUID);

        SagaDecision decision = rules.onTimeout(fixtures.reservingStock(), T0);

        assertThat(decision.outcome()).isEqualTo(new OrderOutcome.Cancel("inventory-service did not answer within 2m"));
        assertThat(PlaceOrderSaga.describe(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PlaceOrderSaga.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(PlaceOrderSaga.describe(Duration.ofHours(1))).isEqualTo("1h");
    }
}
