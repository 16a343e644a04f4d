package com.acme.orders.payment.processing;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.PaymentRefunded;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.RefundPayment;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.platform.messaging.SagaParticipant;
import org.jdbi.v3.core.Handle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the payment service does for each command, inside the transaction that also records the command in the
 * inbox and the reply in the outbox. The order's {@code payments} row is locked first, so commands for one order
 * never interleave. Every command leaves one row in {@code payment_operations}.
 *
 * <ul>
 *   <li>{@link AuthorizePayment}: declined above the limit; otherwise authorised once per order (a repeat answers
 *       the same authorisation id and charges nothing more); refused after a void or refund.</li>
 *   <li>{@link VoidPayment}, {@link RefundPayment}: end an authorisation; with nothing authorised they only mark the
 *       order, so a late authorisation is refused. Always answered.</li>
 * </ul>
 */
public final class Payments implements SagaParticipant.Effect {

    private enum Status { AUTHORIZED, DECLINED, VOIDED, REFUNDED }

    private record Payment(Status status, String authorizationId, BigDecimal amount, String currency) {
    }

    private final BigDecimal limit;

    public Payments(BigDecimal limit) {
        this.limit = limit;
    }

    @Override
    public SagaReply apply(Handle handle, SagaCommand command, Instant now) {
        Optional<Payment> payment = lock(handle, command.orderId());
        if (command instanceof AuthorizePayment authorize) {
            return authorize(handle, authorize, payment, now);
        }
        if (command instanceof VoidPayment) {
            end(handle, command, payment, Status.VOIDED, "VOID", now);
            return new PaymentVoided(UUID.randomUUID(), command.orderId(), now, command.messageId());
        }
        if (command instanceof RefundPayment) {
            end(handle, command, payment, Status.REFUNDED, "REFUND", now);
            return new PaymentRefunded(UUID.randomUUID(), command.orderId(), now, command.messageId());
        }
        throw new IllegalArgumentException(command.type() + " is not a payment command");
    }

    private SagaReply authorize(Handle handle, AuthorizePayment command, Optional<Payment> payment, Instant now) {
        Status status = payment.map(Payment::status).orElse(null);
        if (status == Status.AUTHORIZED) {
            String id = payment.get().authorizationId();
            record(handle, command, "AUTHORIZE", "ALREADY_AUTHORIZED", payment.get().amount(), payment.get().currency(),
                    id, null, now);
            return new PaymentAuthorized(UUID.randomUUID(), command.orderId(), now, command.messageId(), id);
        }
        if (status == Status.VOIDED || status == Status.REFUNDED) {
            String reason = "the order's payment was " + status.name().toLowerCase(java.util.Locale.ROOT) + " before";
            record(handle, command, "AUTHORIZE", "REFUSED", command.amount(), command.currency(), null, reason, now);
            return new PaymentDeclined(UUID.randomUUID(), command.orderId(), now, command.messageId(), reason);
        }
        if (command.amount().compareTo(limit) > 0) {
            String reason = "amount " + command.amount().toPlainString() + " " + command.currency()
                    + " exceeds the limit of " + limit.toPlainString();
            save(handle, command.orderId(), Status.DECLINED, command.amount(), command.currency(), null, now);
            record(handle, command, "AUTHORIZE", "DECLINED", command.amount(), command.currency(), null, reason, now);
            return new PaymentDeclined(UUID.randomUUID(), command.orderId(), now, command.messageId(), reason);
        }
        String authorizationId = "auth-" + UUID.randomUUID();
        save(handle, command.orderId(), Status.AUTHORIZED, command.amount(), command.currency(), authorizationId, now);
        record(handle, command, "AUTHORIZE", "AUTHORIZED", command.amount(), command.currency(), authorizationId, null,
                now);
        return new PaymentAuthorized(UUID.randomUUID(), command.orderId(), now, command.messageId(), authorizationId);
    }

    /** Voids or refunds, recording what it found. */
    private void end(Handle handle, SagaCommand command, Optional<Payment> payment, Status target, String operation,
                       Instant now) {
        Status status = payment.map(Payment::status).orElse(null);
        String outcome;
        if (status == Status.AUTHORIZED) {
            outcome = target.name();
            save(handle, command.orderId(), target, payment.get().amount(), payment.get().currency(),
                    payment.get().authorizationId(), now);
        } else if (status == Status.VOIDED || status == Status.REFUNDED) {
            outcome = "ALREADY_" + status.name();
        } else {
            // Nothing authorised (yet): remember the end, so a late authorisation is refused.
            outcome = "NOTHING_TO_" + operation;
            save(handle, command.orderId(), target, payment.map(Payment::amount).orElse(null),
                    payment.map(Payment::currency).orElse(null), null, now);
        }
        Payment after = payment.orElse(new Payment(null, null, null, null));
        record(handle, command, operation, outcome, after.amount(), after.currency(), after.authorizationId(), null, now);
    }

    private static Optional<Payment> lock(Handle handle, long orderId) {
        return handle.createQuery("""
                        SELECT status, authorization_id, amount, currency FROM payments WHERE order_id = :order
                        FOR UPDATE""")
                .bind("order", orderId)
                .map((rs, ctx) -> new Payment(Status.valueOf(rs.getString("status")), rs.getString("authorization_id"),
                        rs.getBigDecimal("amount"), rs.getString("currency")))
                .findOne();
    }

    private static void save(Handle handle, long orderId, Status status, BigDecimal amount, String currency,
                             String authorizationId, Instant now) {
        handle.createUpdate("""
                        INSERT INTO payments (order_id, status, amount, currency, authorization_id, updated_at)
                        VALUES (:order, :status, :amount, :currency, :authorization, :now)
                        ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, amount = EXCLUDED.amount,
                            currency = EXCLUDED.currency, authorization_id = EXCLUDED.authorization_id,
                            updated_at = EXCLUDED.updated_at""")
                .bind("order", orderId)
                .bind("status", status.name())
                .bind("amount", amount)
                .bind("currency", currency)
                .bind("authorization", authorizationId)
                .bind("now", now)
                .execute();
    }

    private static void record(Handle handle, SagaCommand command, String operation, String outcome, BigDecimal amount,
                               String currency, String authorizationId, String reason, Instant now) {
        handle.createUpdate("""
                        INSERT INTO payment_operations (order_id, operation, outcome, amount, currency, authorization_id,
                                                        reason, message_id, occurred_at)
                        VALUES (:order, :operation, :outcome, :amount, :currency, :authorization, :reason, :message, :now)""")
                .bind("order", command.orderId())
                .bind("operation", operation)
                .bind("outcome", outcome)
                .bind("amount", amount)
                .bind("currency", currency)
                .bind("authorization", authorizationId)
                .bind("reason", reason)
                .bind("message", command.messageId())
                .bind("now", now)
                .execute();
    }
}
