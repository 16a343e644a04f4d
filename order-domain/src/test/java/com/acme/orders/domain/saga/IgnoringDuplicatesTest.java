package com.acme.orders.domain.saga;

import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReserved;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.acme.orders.domain.saga.SagaFixtures.T0;
import static com.acme.orders.domain.saga.SagaFixtures.paymentAuthorized;
import static com.acme.orders.domain.saga.SagaFixtures.paymentRefunded;
import static com.acme.orders.domain.saga.SagaFixtures.paymentVoided;
import static com.acme.orders.domain.saga.SagaFixtures.stockReleased;
import static com.acme.orders.domain.saga.SagaFixtures.stockReserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IgnoringDuplicatesTest {

    private final SagaFixtures fixtures = new SagaFixtures();

    @Test
    void a_second_stock_reserved_does_not_authorise_twice() {
        OrderSaga authorizing = fixtures.authorizingPayment();

        SagaDecision decision = fixtures.rules.on(authorizing, stockReserved(), T0);

        assertIgnored(decision, authorizing);
    }

    @Test
    void replies_to_a_confirmed_saga_change_nothing() {
        OrderSaga confirmed = fixtures.confirmed();

        for (SagaReply reply : new SagaReply[]{stockReserved(), paymentAuthorized(), stockReleased(), paymentVoided(),
                paymentRefunded(), SagaFixtures.stockUnavailable("p1"), SagaFixtures.paymentDeclined("late")}) {
            assertIgnored(fixtures.rules.on(confirmed, reply, T0), confirmed);
        }
    }

    @Test
    void a_compensation_reply_nobody_waits_for_is_ignored() {
        OrderSaga reserving = fixtures.reservingStock();
        OrderSaga cancelled = fixtures.cancelledAfterInventoryTimeout();

        assertIgnored(fixtures.rules.on(reserving, stockReleased(), T0), reserving);
        assertIgnored(fixtures.rules.on(cancelled, stockReleased(), T0), cancelled);
        assertIgnored(fixtures.rules.on(cancelled, paymentVoided(), T0), cancelled);
    }

    @Test
    void a_payment_reply_while_reserving_stock_is_ignored() {
        OrderSaga reserving = fixtures.reservingStock();

        assertIgnored(fixtures.rules.on(reserving, paymentAuthorized(), T0), reserving);
        assertIgnored(fixtures.rules.on(reserving, SagaFixtures.paymentDeclined("x"), T0), reserving);
    }

    @Test
    void a_reply_for_another_order_is_refused() {
        StockReserved other = new StockReserved(UUID.randomUUID(), 8, T0, UUID.randomUUID());

        assertThatThrownBy(() -> fixtures.rules.on(fixtures.reservingStock(), other, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order 7").hasMessageContaining("order 8");
    }

    private static void assertIgnored(SagaDecision decision, OrderSaga before) {
        assertThat(decision.ignored()).as(decision.summary()).isTrue();
        assertThat(decision.saga()).isEqualTo(before);
        assertThat(decision.commands()).isEmpty();
        assertThat(decision.outcome()).isEqualTo(OrderOutcome.UNCHANGED);
    }
}
