package com.acme.orders.events.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * Cancel the order's authorisation before anything was captured: the compensation of
 * {@link AuthorizePayment}. Always answered by {@link PaymentVoided}, also when nothing was authorised. An
 * {@link AuthorizePayment} for the same order that arrives after its void authorises nothing.
 *
 * @param messageId  this command's id, the dedup key
 * @param orderId    the order
 * @param occurredAt when the order service decided to void
 */
public record VoidPayment(UUID messageId, long orderId, Instant occurredAt) implements PaymentCommand {

    public static final String TYPE = "VoidPayment";
    public static final int SCHEMA_VERSION = 1;

    public VoidPayment {
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
