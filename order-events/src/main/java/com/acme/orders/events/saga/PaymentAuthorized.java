package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * The order's total is authorised (answers {@link AuthorizePayment}, also when it was authorised before).
 *
 * @param messageId   this reply's id, the dedup key
 * @param orderId     the order
 * @param occurredAt  when the participant made the change
 * @param causationId the {@code messageId} of the command this answers
 * @param authorizationId the payment provider's id of the authorisation, the same on every repeated answer
 */
public record PaymentAuthorized(UUID messageId, long orderId, Instant occurredAt, UUID causationId,
        String authorizationId) implements PaymentReply {

    public static final String TYPE = "PaymentAuthorized";
    public static final int SCHEMA_VERSION = 1;

    public PaymentAuthorized {
        MessageFields.check(messageId, orderId, occurredAt, causationId);
        authorizationId = MessageFields.text(authorizationId, "authorizationId");
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
