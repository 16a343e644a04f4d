package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Nothing is authorised for the order any more (answers {@link VoidPayment}, also when nothing was).
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 */
public record PaymentVoided(UUID messageId, long orderId, Instant occurredAt, UUID causationId)
        implements PaymentReply {

    public static final String TYPE = "PaymentVoided";
    public static final int SCHEMA_VERSION = 1;

    public PaymentVoided {
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
