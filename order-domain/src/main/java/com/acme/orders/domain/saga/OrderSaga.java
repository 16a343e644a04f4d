package com.acme.orders.domain.saga;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one order's place-order saga, as the orchestrator stores it (one row per order). Immutable; only
 * {@link PlaceOrderSaga} makes new ones, except when the caller rebuilds a stored one through this constructor.
 *
 * @param orderId            the order
 * @param step               where the saga is
 * @param stockReserved      the inventory service confirmed a reservation that has not been released since
 * @param paymentAuthorized  the payment service confirmed an authorisation that has not been voided or refunded
 *                           since
 * @param amount             the amount to authorise (the order's total), scale 2
 * @param currency           the currency of {@code amount}
 * @param pending            the compensations sent whose replies have not arrived; empty unless COMPENSATING
 * @param cancellationReason why the order was given up, or null while it was not
 */
public record OrderSaga(long orderId, SagaStep step, boolean stockReserved, boolean paymentAuthorized,
                        BigDecimal amount, String currency, Set<Compensation> pending, String cancellationReason) {

    public OrderSaga {
        if (orderId <= 0) {
            throw new IllegalArgumentException("orderId must be positive, was " + orderId);
        }
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        pending = pending == null || pending.isEmpty()
                ? Set.of()
                : Set.copyOf(EnumSet.copyOf(pending));
        if ((step == SagaStep.COMPENSATING) == pending.isEmpty()) {
            throw new IllegalArgumentException("saga of order " + orderId + " is " + step + " with pending "
                    + pending + ": only a compensating saga waits for compensations, and it always waits for one");
        }
        if (step == SagaStep.CONFIRMED && !(stockReserved && paymentAuthorized)) {
            throw new IllegalArgumentException("saga of order " + orderId
                    + " is CONFIRMED without both stock reserved and payment authorised");
        }
        if ((step == SagaStep.COMPENSATING || step == SagaStep.CANCELLED) && cancellationReason == null) {
            throw new IllegalArgumentException("saga of order " + orderId + " is " + step + " without a reason");
        }
    }

    /** The kind of {@link #cancellationReason()}, or null while the saga has not given up. */
    public CancelCause cancellationCause() {
        return cancellationReason == null ? null : CancelCause.of(cancellationReason);
    }

    /** Whether the saga waits for {@code compensation}'s reply. */
    public boolean awaits(Compensation compensation) {
        return pending.contains(compensation);
    }

    OrderSaga withStep(SagaStep newStep) {
        return new OrderSaga(orderId, newStep, stockReserved, paymentAuthorized, amount, currency, pending,
                cancellationReason);
    }

    OrderSaga withStockReserved(boolean reserved) {
        return new OrderSaga(orderId, step, reserved, paymentAuthorized, amount, currency, pending,
                cancellationReason);
    }

    OrderSaga withPaymentAuthorized(boolean authorized) {
        return new OrderSaga(orderId, step, stockReserved, authorized, amount, currency, pending,
                cancellationReason);
    }

    /** COMPENSATING, waiting for {@code more} besides what it waited for, with the reason kept if it had one. */
    OrderSaga compensating(Set<Compensation> more, String reason) {
        EnumSet<Compensation> all = EnumSet.noneOf(Compensation.class);
        all.addAll(pending);
        all.addAll(more);
        return new OrderSaga(orderId, SagaStep.COMPENSATING, stockReserved, paymentAuthorized, amount, currency,
                all, cancellationReason != null ? cancellationReason : reason);
    }

    /** The reply to {@code compensation} arrived: CANCELLED once nothing else is pending. */
    OrderSaga compensated(Compensation compensation) {
        EnumSet<Compensation> rest = EnumSet.noneOf(Compensation.class);
        rest.addAll(pending);
        rest.remove(compensation);
        return new OrderSaga(orderId, rest.isEmpty() ? SagaStep.CANCELLED : SagaStep.COMPENSATING, stockReserved,
                paymentAuthorized, amount, currency, rest, cancellationReason);
    }
}
