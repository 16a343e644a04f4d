package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * The authorisation was refused; nothing is held (answers {@link AuthorizePayment}). Also the answer to an
 * {@link AuthorizePayment} that arrives after the order's payment was voided or refunded.
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 * @param reason      why, in words fit for the order's cancellation reason (no card data)
 */
public record PaymentDeclined(UUID messageId, long orderId, Instant occurredAt, UUID causationId,
        String reason) implements PaymentReply {

    public static final String TYPE = "PaymentDeclined";
    public static final int SCHEMA_VERSION = 1;

    public PaymentDeclined {
        MessageFields.check(messageId, orderId, occurredAt, causationId);
        reason = MessageFields.text(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
