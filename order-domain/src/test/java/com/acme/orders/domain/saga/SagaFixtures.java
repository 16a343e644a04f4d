package com.acme.orders.domain.saga;

import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.PaymentRefunded;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Sagas in a given step, reached through the real rules; replies answering the commands the rules sent. */
final class SagaFixtures {

    static final long ORDER_ID = 7;
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong ids = new AtomicLong();
    final PlaceOrderSaga rules = new PlaceOrderSaga(STEP_TIMEOUT, "EUR",
            () -> new UUID(0xC0FFEEL, ids.incrementAndGet()));

    static Order pendingOrder() {
        return Order.create(ORDER_ID, new CreateOrderCommand(42, List.of(
                new OrderLine("p1", 2, new BigDecimal("19.99")),
                new OrderLine("p2", 1, new BigDecimal("5.00"))), "1 Main St", null), T0).order();
    }

    SagaDecision started() {
        return rules.start(pendingOrder(), T0);
    }

    OrderSaga reservingStock() {
        return started().saga();
    }

    OrderSaga authorizingPayment() {
        return rules.on(reservingStock(), stockReserved(), T0).saga();
    }

    OrderSaga confirmed() {
        return rules.on(authorizingPayment(), paymentAuthorized(), T0).saga();
    }

    OrderSaga compensatingAfterInventoryTimeout() {
        return rules.onTimeout(reservingStock(), T0).saga();
    }

    OrderSaga compensatingAfterPaymentTimeout() {
        return rules.onTimeout(authorizingPayment(), T0).saga();
    }

    OrderSaga cancelledAfterInventoryTimeout() {
        return rules.on(compensatingAfterInventoryTimeout(), stockReleased(), T0).saga();
    }

    OrderSaga cancelledForStock() {
        return rules.on(reservingStock(), stockUnavailable("p2"), T0).saga();
    }

    // ---- replies ------------------------------------------------------------------------------------

    static StockReserved stockReserved() {
        return new StockReserved(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID());
    }

    static StockUnavailable stockUnavailable(String... productIds) {
        return new StockUnavailable(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID(), List.of(productIds));
    }

    static StockReleased stockReleased() {
        return new StockReleased(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID());
    }

    static PaymentAuthorized paymentAuthorized() {
        return new PaymentAuthorized(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID(), "auth-1");
    }

    static PaymentDeclined paymentDeclined(String reason) {
        return new PaymentDeclined(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID(), reason);
    }

    static PaymentVoided paymentVoided() {
        return new PaymentVoided(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID());
    }

    static PaymentRefunded paymentRefunded() {
        return new PaymentRefunded(UUID.randomUUID(), ORDER_ID, T0, UUID.randomUUID());
    }

    /** The command types, in order, e.g. {@code [VoidPayment, ReleaseStock]}. */
    static List<String> types(SagaDecision decision) {
        return decision.commands().stream().map(SagaCommand::type).toList();
    }
}
