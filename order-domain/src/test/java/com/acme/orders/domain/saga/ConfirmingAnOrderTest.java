package com.acme.orders.domain.saga;

import com.acme.orders.events.saga.AuthorizePayment;
import org.junit.jupiter.api.Test;

import static com.acme.orders.domain.saga.SagaFixtures.ORDER_ID;
import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentAuthorized;
import static com.acme.orders.domain.saga.SagaFixtures.stockReserved;
import static org.assertj.core.api.Assertions.assertThat;

class ConfirmingAnOrderTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void reserved_stock_leads_to_authorising_the_total() {
        OrderSaga reserving = fixtures.reservingStock();

        SagaDecision decision = fixtures.rules.on(reserving, stockReserved(), T0.plusSeconds(1));

        assertThat(decision.commands()).singleElement().isInstanceOfSatisfying(AuthorizePayment.class, authorize -> {
            assertThat(authorize.orderId()).isEqualTo(ORDER_ID);
            assertThat(authorize.amount()).isEqualByComparingTo("44.98");
            assertThat(authorize.currency()).isEqualTo("EUR");
            assertThat(authorize.occurredAt()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(decision.saga().step()).isEqualTo(SagaStep.AUTHORIZING_PAYMENT);
        assertThat(decision.saga().step().hasDeadline()).isTrue();
        assertThat(decision.saga().stockReserved()).isTrue();
        assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
        assertThat(decision.summary()).isEqualTo("stock reserved, authorising payment");
    }

    @Test
    void an_authorised_payment_confirms_the_order() {
        OrderSaga authorizing = fixtures.authorizingPayment();

        SagaDecision decision = fixtures.rules.on(authorizing, paymentAuthorized(), T0);

        assertThat(decision.outcome()).isEqualTo(new OrderOutcome.Confirm());
        assertThat(decision.commands()).isEmpty();
        assertThat(decision.saga().step()).isEqualTo(SagaStep.CONFIRMED);
        assertThat(decision.saga().step().isInFlight()).isFalse();
        assertThat(decision.saga().step().hasDeadline()).isFalse();
        assertThat(decision.saga().stockReserved()).isTrue();
        assertThat(decision.saga().paymentAuthorized()).isTrue();
        assertThat(decision.saga().cancellationReason()).isNull();
    }
}
