package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Pay back the order's payment (sent when an order already in fulfilment is cancelled, where the shop may have
 * captured it). Always answered by {@link PaymentRefunded}, also when there was nothing to refund.
 *
 * @param messageId  this command's id, the dedup key
 * @param orderId    the order
 * @param occurredAt when the order service decided to refund
 */
public record RefundPayment(UUID messageId, long orderId, Instant occurredAt) implements PaymentCommand {

    public static final String TYPE = "RefundPayment";
    public static final int SCHEMA_VERSION = 1;

    public RefundPayment {
        MessageFields.check(messageId, orderId, occurredAt);
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
