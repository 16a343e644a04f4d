package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * The order's payment is paid back (answers {@link RefundPayment}, also when there was nothing to refund).
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 */
public record PaymentRefunded(UUID messageId, long orderId, Instant occurredAt, UUID causationId)
        implements PaymentReply {

    public static final String TYPE = "PaymentRefunded";
    public static final int SCHEMA_VERSION = 1;

    public PaymentRefunded {
        MessageFields.check(messageId, orderId, occurredAt, causationId);
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
