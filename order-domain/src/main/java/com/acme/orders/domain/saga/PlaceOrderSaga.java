package com.acme.orders.domain.saga;

import com.acme.orders.domain.Order;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.PaymentRefunded;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.RefundPayment;
import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.events.saga.VoidPayment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The rules of the place-order saga: reserve stock for every line, then authorise the total, then the order is
 * confirmed; when a step fails or times out, undo what may have been done and cancel the order with a reason.
 *
 * <p>Every method is a pure decision: it takes the stored state and what happened, and answers a
 * {@link SagaDecision}. The caller stores the new state, appends the commands to the outbox and applies the
 * order outcome in one transaction, keeps the deadline ({@code now + stepTimeout} while
 * {@link SagaStep#hasDeadline()}) and records the reply's id so that a redelivered reply never reaches these
 * rules twice. The rules tolerate it anyway: a reply that changes nothing is answered with an ignored decision.
 *
 * <p>Compensation is for what <em>may</em> have happened: a timed-out reservation may still have been made, so
 * it is released; a timed-out authorisation may have gone through, so it is voided. A reply that arrives after
 * the saga gave up (stock reserved, payment authorised) is compensated as well, so nothing stays held.
 */
public final class PlaceOrderSaga {

    /** The inventory participant's name in reasons. */
    public static final String INVENTORY_SERVICE = "inventory-service";
    /** The payment participant's name in reasons. */
    public static final String PAYMENT_SERVICE = "payment-service";
    /** The reason a saga keeps when the customer cancelled the order. */
    public static final String CANCELLED_BY_CUSTOMER = "cancelled by the customer";

    private final Duration stepTimeout;
    private final String currency;
    private final Supplier<UUID> messageIds;

    /**
     * @param stepTimeout how long a participant has to answer; only used in reasons here, the caller keeps deadlines
     * @param currency    the currency of every authorisation (orders carry none), e.g. {@code EUR}
     * @param messageIds  where the ids of the commands come from, e.g. {@code UUID::randomUUID}
     */
    public PlaceOrderSaga(Duration stepTimeout, String currency, Supplier<UUID> messageIds) {
        this.stepTimeout = Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("stepTimeout must be positive, was " + stepTimeout);
        }
        this.currency = Objects.requireNonNull(currency, "currency");
        this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
    }

    /**
     * Starts the saga of a just-placed order: reserve its stock. Lines of the same product are reserved together.
     *
     * @throws IllegalArgumentException when the order is not PENDING or is deleted
     */
    public SagaDecision start(Order order, Instant now) {
        if (order.status() != OrderStatus.PENDING || order.isDeleted()) {
            throw new IllegalArgumentException("a saga starts with a PENDING order; order " + order.id() + " is "
                    + order.status() + (order.isDeleted() ? " and deleted" : ""));
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (OrderLine line : order.items()) {
            quantities.merge(line.productId(), line.quantity(), Math::addExact);
        }
        List<ReserveStock.Line> lines = quantities.entrySet().stream()
                .map(entry -> new ReserveStock.Line(entry.getKey(), entry.getValue()))
                .toList();
        OrderSaga saga = new OrderSaga(order.id(), SagaStep.RESERVING_STOCK, false, false, order.totalAmount(),
                currency, Set.of(), null);
        return new SagaDecision(saga, List.of(new ReserveStock(messageIds.get(), order.id(), now, lines)),
                OrderOutcome.UNCHANGED, false, "reserving stock for " + lines.size() + " product(s)");
    }

    /**
     * A participant answered.
     *
     * @throws IllegalArgumentException when the reply is about another order
     */
    public SagaDecision on(OrderSaga saga, SagaReply reply, Instant now) {
        if (reply.orderId() != saga.orderId()) {
            throw new IllegalArgumentException("saga of order " + saga.orderId() + " was given a " + reply.type()
                    + " for order " + reply.orderId());
        }
        if (reply instanceof StockReserved) {
            return stockReserved(saga, now);
        }
        if (reply instanceof StockUnavailable unavailable) {
            return stockUnavailable(saga, unavailable);
        }
        if (reply instanceof StockReleased) {
            return compensationAnswered(saga, Compensation.RELEASE_STOCK, "stock released");
        }
        if (reply instanceof PaymentAuthorized) {
            return paymentAuthorized(saga, now);
        }
        if (reply instanceof PaymentDeclined declined) {
            return paymentDeclined(saga, declined, now);
        }
        if (reply instanceof PaymentVoided) {
            return compensationAnswered(saga, Compensation.VOID_PAYMENT, "payment voided");
        }
        if (reply instanceof PaymentRefunded) {
            return compensationAnswered(saga, Compensation.REFUND_PAYMENT, "payment refunded");
        }
        throw new IllegalArgumentException("unknown reply " + reply.type());
    }

    /**
     * The step's deadline passed without an answer: compensate what may have happened and cancel the order with
     * a reason naming the silent service. A saga whose step has no deadline ignores it.
     */
    public SagaDecision onTimeout(OrderSaga saga, Instant now) {
        return switch (saga.step()) {
            case RESERVING_STOCK -> giveUp(saga, silent(INVENTORY_SERVICE), EnumSet.of(Compensation.RELEASE_STOCK),
                    now, true);
            case AUTHORIZING_PAYMENT -> giveUp(saga, silent(PAYMENT_SERVICE),
                    EnumSet.of(Compensation.VOID_PAYMENT, Compensation.RELEASE_STOCK), now, true);
            case CONFIRMED, COMPENSATING, CANCELLED -> SagaDecision.ignore(saga,
                    "timeout ignored: " + saga.step() + " has no deadline");
        };
    }

    /**
     * The customer cancelled the order (the caller's own status change cancels it, so the outcome is
     * {@link OrderOutcome#UNCHANGED}): undo what the saga did or may have done. A confirmed order's payment is
     * voided, or refunded when the order was already PROCESSING (the shop may have captured it by then).
     *
     * @param orderStatus the order's status before the cancellation
     */
    public SagaDecision onCustomerCancel(OrderSaga saga, OrderStatus orderStatus, Instant now) {
        return switch (saga.step()) {
            case RESERVING_STOCK -> giveUp(saga, CANCELLED_BY_CUSTOMER, EnumSet.of(Compensation.RELEASE_STOCK), now,
                    false);
            case AUTHORIZING_PAYMENT -> giveUp(saga, CANCELLED_BY_CUSTOMER,
                    EnumSet.of(Compensation.VOID_PAYMENT, Compensation.RELEASE_STOCK), now, false);
            case CONFIRMED -> giveUp(saga, CANCELLED_BY_CUSTOMER, EnumSet.of(
                    orderStatus == OrderStatus.PROCESSING ? Compensation.REFUND_PAYMENT : Compensation.VOID_PAYMENT,
                    Compensation.RELEASE_STOCK), now, false);
            case COMPENSATING, CANCELLED ->
                    SagaDecision.ignore(saga, "customer cancel ignored: already " + saga.step());
        };
    }

    // ---- replies ------------------------------------------------------------------------------------

    private SagaDecision stockReserved(OrderSaga saga, Instant now) {
        return switch (saga.step()) {
            case RESERVING_STOCK -> new SagaDecision(
                    saga.withStockReserved(true).withStep(SagaStep.AUTHORIZING_PAYMENT),
                    List.of(new AuthorizePayment(messageIds.get(), saga.orderId(), now, saga.amount(),
                            saga.currency())),
                    OrderOutcome.UNCHANGED, false, "stock reserved, authorising payment");
            case AUTHORIZING_PAYMENT, CONFIRMED -> SagaDecision.ignore(saga, "duplicate StockReserved");
            case COMPENSATING, CANCELLED -> lateCompensation(saga.withStockReserved(true),
                    Compensation.RELEASE_STOCK, now, "stock reserved after the saga gave up, releasing it");
        };
    }

    private SagaDecision stockUnavailable(OrderSaga saga, StockUnavailable reply) {
        if (saga.step() != SagaStep.RESERVING_STOCK) {
            return SagaDecision.ignore(saga, "StockUnavailable ignored in " + saga.step() + ": nothing was reserved");
        }
        String reason = reply.productIds().isEmpty()
                ? "out of stock"
                : "out of stock: " + String.join(", ", reply.productIds());
        OrderSaga cancelled = new OrderSaga(saga.orderId(), SagaStep.CANCELLED, false, false, saga.amount(),
                saga.currency(), Set.of(), reason);
        return new SagaDecision(cancelled, List.of(), new OrderOutcome.Cancel(reason), false, reason);
    }

    private SagaDecision paymentAuthorized(OrderSaga saga, Instant now) {
        return switch (saga.step()) {
            case AUTHORIZING_PAYMENT -> new SagaDecision(
                    saga.withPaymentAuthorized(true).withStep(SagaStep.CONFIRMED), List.of(),
                    new OrderOutcome.Confirm(), false, "payment authorised, order confirmed");
            case CONFIRMED -> SagaDecision.ignore(saga, "duplicate PaymentAuthorized");
            case RESERVING_STOCK -> SagaDecision.ignore(saga, "PaymentAuthorized ignored: no payment was asked for");
            case COMPENSATING, CANCELLED -> lateCompensation(saga.withPaymentAuthorized(true),
                    Compensation.VOID_PAYMENT, now, "payment authorised after the saga gave up, voiding it");
        };
    }

    private SagaDecision paymentDeclined(OrderSaga saga, PaymentDeclined reply, Instant now) {
        if (saga.step() != SagaStep.AUTHORIZING_PAYMENT) {
            return SagaDecision.ignore(saga, "PaymentDeclined ignored in " + saga.step() + ": nothing was authorised");
        }
        return giveUp(saga, "payment declined: " + reply.reason(), EnumSet.of(Compensation.RELEASE_STOCK), now,
                true);
    }

    private SagaDecision compensationAnswered(OrderSaga saga, Compensation compensation, String what) {
        if (!saga.awaits(compensation)) {
            return SagaDecision.ignore(saga, what + " ignored: not waited for in " + saga.step());
        }
        OrderSaga next = compensation == Compensation.RELEASE_STOCK
                ? saga.withStockReserved(false)
                : saga.withPaymentAuthorized(false);
        next = next.compensated(compensation);
        return new SagaDecision(next, List.of(), OrderOutcome.UNCHANGED, false,
                next.step() == SagaStep.CANCELLED ? what + ", saga cancelled" : what);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Sends {@code compensations} (payment before stock: the reverse of the forward order) and gives up. */
    private SagaDecision giveUp(OrderSaga saga, String reason, EnumSet<Compensation> compensations, Instant now,
                                boolean cancelOrder) {
        List<SagaCommand> commands = new ArrayList<>();
        for (Compensation compensation : List.of(Compensation.VOID_PAYMENT, Compensation.REFUND_PAYMENT,
                Compensation.RELEASE_STOCK)) {
            if (compensations.contains(compensation)) {
                commands.add(command(compensation, saga.orderId(), now));
            }
        }
        OrderSaga next = saga.compensating(compensations, reason);
        return new SagaDecision(next, commands, cancelOrder ? new OrderOutcome.Cancel(reason) : OrderOutcome.UNCHANGED,
                false, reason + ", compensating");
    }

    private SagaDecision lateCompensation(OrderSaga saga, Compensation compensation, Instant now, String summary) {
        return new SagaDecision(saga.compensating(EnumSet.of(compensation), null),
                List.of(command(compensation, saga.orderId(), now)), OrderOutcome.UNCHANGED, false, summary);
    }

    private SagaCommand command(Compensation compensation, long orderId, Instant now) {
        return switch (compensation) {
            case RELEASE_STOCK -> new ReleaseStock(messageIds.get(), orderId, now);
            case VOID_PAYMENT -> new VoidPayment(messageIds.get(), orderId, now);
            case REFUND_PAYMENT -> new RefundPayment(messageIds.get(), orderId, now);
        };
    }

    private String silent(String service) {
        return service + " did not answer within " + describe(stepTimeout);
    }

    /** {@code 30s}, {@code 2m}, {@code 1500ms}: short, as an operator writes it. */
    static String describe(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.getSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
