package com.acme.orders.domain.saga;

import com.acme.orders.events.OrderStatus;
import org.junit.jupiter.api.Test;

import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentDeclined;
import static com.acme.orders.domain.saga.SagaFixtures.stockUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

/** Every reason the rules write falls into one of a few kinds, so metrics can count by kind. */
class ClassifyingCancellationsTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void each_way_of_giving_up_has_its_kind() {
        assertThat(cause(fixtures.rules.on(fixtures.reservingStock(), stockUnavailable("p1"), T0)))
                .isEqualTo(CancelCause.OUT_OF_STOCK);
        assertThat(cause(fixtures.rules.on(fixtures.authorizingPayment(), paymentDeclined("card refused"), T0)))
                .isEqualTo(CancelCause.PAYMENT_DECLINED);
        assertThat(cause(fixtures.rules.onTimeout(fixtures.reservingStock(), T0)))
                .isEqualTo(CancelCause.INVENTORY_TIMEOUT);
        assertThat(cause(fixtures.rules.onTimeout(fixtures.authorizingPayment(), T0)))
                .isEqualTo(CancelCause.PAYMENT_TIMEOUT);
        assertThat(fixtures.rules.onCustomerCancel(fixtures.confirmed(), OrderStatus.CONFIRMED, T0).saga()
                .cancellationCause()).isEqualTo(CancelCause.CUSTOMER);
    }

    @Test
    void a_saga_that_has_not_given_up_has_no_cause_and_an_unknown_reason_is_other() {
        assertThat(fixtures.confirmed().cancellationCause()).isNull();
        assertThat(CancelCause.of("cosmic rays")).isEqualTo(CancelCause.OTHER);
        assertThat(CancelCause.OUT_OF_STOCK.label()).isEqualTo("out_of_stock");
    }

    private static CancelCause cause(SagaDecision decision) {
        assertThat(decision.saga().cancellationCause())
                .isEqualTo(((OrderOutcome.Cancel) decision.outcome()).cause());
        return ((OrderOutcome.Cancel) decision.outcome()).cause();
    }
}
