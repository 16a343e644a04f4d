package com.acme.orders.domain.saga;

import com.acme.orders.events.saga.ReleaseStock;
import org.junit.jupiter.api.Test;

import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentDeclined;
import static com.acme.orders.domain.saga.SagaFixtures.stockReleased;
import static com.acme.orders.domain.saga.SagaFixtures.stockUnavailable;
import static com.acme.orders.domain.saga.SagaFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

class CancellingForStockAndPaymentTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void missing_stock_cancels_the_order_naming_the_products_and_charges_nothing() {
        OrderSaga reserving = fixtures.reservingStock();

        SagaDecision decision = fixtures.rules.on(reserving, stockUnavailable("p1", "p2"), T0);

        assertThat(decision.outcome()).isEqualTo(new OrderOutcome.Cancel("out of stock: p1, p2"));
        assertThat(decision.commands()).as("all or none: nothing is reserved, nothing authorised").isEmpty();
        assertThat(decision.saga().step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(decision.saga().cancellationReason()).isEqualTo("out of stock: p1, p2");
        assertThat(decision.saga().stockReserved()).isFalse();
        assertThat(decision.saga().paymentAuthorized()).isFalse();
    }

    @Test
    void an_unavailability_without_products_still_says_out_of_stock() {
        SagaDecision decision = fixtures.rules.on(fixtures.reservingStock(), stockUnavailable(), T0);

        assertThat(decision.outcome()).isEqualTo(new OrderOutcome.Cancel("out of stock"));
    }

    @Test
    void a_declined_payment_releases_the_stock_and_cancels_the_order_with_the_reason() {
        OrderSaga authorizing = fixtures.authorizingPayment();

        SagaDecision decision = fixtures.rules.on(authorizing, paymentDeclined("amount 44.98 exceeds the limit"), T0);

        assertThat(decision.outcome())
                .isEqualTo(new OrderOutcome.Cancel("payment declined: amount 44.98 exceeds the limit"));
        assertThat(decision.commands()).singleElement().isInstanceOf(ReleaseStock.class);
        assertThat(decision.compensations()).isEqualTo(1);
        assertThat(decision.saga().step()).isEqualTo(SagaStep.COMPENSATING);
        assertThat(decision.saga().step().hasDeadline()).isFalse();
        assertThat(decision.saga().step().isInFlight()).isTrue();
        assertThat(decision.saga().pending()).containsExactly(Compensation.RELEASE_STOCK);
    }

    @Test
    void the_release_finishes_the_compensation() {
        OrderSaga compensating = fixtures.rules.on(fixtures.authorizingPayment(), paymentDeclined("no"), T0).saga();

        SagaDecision decision = fixtures.rules.on(compensating, stockReleased(), T0);

        assertThat(decision.saga().step()).isEqualTo(SagaStep.CANCELLED);
        assertThat(decision.saga().stockReserved()).isFalse();
        assertThat(decision.saga().pending()).isEmpty();
        assertThat(decision.saga().cancellationReason()).isEqualTo("payment declined: no");
        assertThat(decision.outcome()).as("the order was cancelled when the saga gave up").isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(types(decision)).isEmpty();
        assertThat(decision.summary()).isEqualTo("stock released, saga cancelled");
    }
}
