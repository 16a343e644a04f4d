package com.acme.orders.payment.history;

import com.acme.orders.platform.http.BadRequest;
import com.acme.orders.platform.http.PlainNumbers;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/** Answers {@code GET /payments?orderId=N}: the order's payment status and its operations, oldest first. */
public final class PaymentHistory {

    /**
     * One operation on an order's payment.
     *
     * @param operation       {@code AUTHORIZE}, {@code VOID} or {@code REFUND}
     * @param outcome         e.g. {@code AUTHORIZED}, {@code DECLINED}, {@code VOIDED}, {@code NOTHING_TO_VOID}
     * @param amount          the amount concerned, if known
     * @param currency        its currency, if known
     * @param authorizationId the authorisation concerned, if any
     * @param reason          why it was declined or refused, if it was
     * @param messageId       the command that caused it
     * @param occurredAt      when
     */
    public record Operation(String operation, String outcome, BigDecimal amount, String currency,
                            String authorizationId, String reason, UUID messageId, Instant occurredAt) {
    }

    /**
     * An order's payment.
     *
     * @param orderId    the order
     * @param status     {@code AUTHORIZED}, {@code DECLINED}, {@code VOIDED}, {@code REFUNDED}, or null when no
     *                   command for it arrived yet
     * @param operations every operation, oldest first
     */
    public record OrderPayments(long orderId, String status, List<Operation> operations) {
    }

    private final Jdbi jdbi;

    public PaymentHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void get(Context ctx) {
        String text = ctx.queryParam("orderId");
        if (text == null || text.isEmpty()) {
            throw new BadRequest("orderId", "is required (a positive integer)");
        }
        OptionalLong orderId = PlainNumbers.positiveLong(text);
        if (orderId.isEmpty()) {
            throw new BadRequest("orderId", "must be a positive integer, was '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
        ctx.json(find(orderId.getAsLong()));
    }

    public OrderPayments find(long orderId) {
        return jdbi.withHandle(handle -> {
            String status = handle.createQuery("SELECT status FROM payments WHERE order_id = :order")
                    .bind("order", orderId).mapTo(String.class).findOne().orElse(null);
            List<Operation> operations = handle.createQuery("""
                            SELECT operation, outcome, amount, currency, authorization_id, reason, message_id, occurred_at
                            FROM payment_operations WHERE order_id = :order ORDER BY id""")
                    .bind("order", orderId)
                    .map((rs, ctx) -> new Operation(rs.getString("operation"), rs.getString("outcome"),
                            rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("authorization_id"),
                            rs.getString("reason"), rs.getObject("message_id", UUID.class),
                            rs.getTimestamp("occurred_at").toInstant()))
                    .list();
            return new OrderPayments(orderId, status, operations);
        });
    }
}
