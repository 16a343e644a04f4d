package com.acme.orders.events.saga;

import com.acme.orders.events.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Authorise (hold, not capture) the order's total. Answered by {@link PaymentAuthorized} or
 * {@link PaymentDeclined}. Idempotent per order: an order already authorised answers
 * {@link PaymentAuthorized} again with the same authorisation id, and is never charged twice.
 *
 * @param messageId  this command's id, the dedup key
 * @param orderId    the order
 * @param occurredAt when the order service decided to authorise
 * @param amount     the order's total, scale 2, not negative
 * @param currency   ISO 4217 code, three capital letters, e.g. {@code EUR}
 */
public record AuthorizePayment(UUID messageId, long orderId, Instant occurredAt, BigDecimal amount,
                               String currency) implements PaymentCommand {

    public static final String TYPE = "AuthorizePayment";
    public static final int SCHEMA_VERSION = 1;

    public AuthorizePayment {
        MessageFields.check(messageId, orderId, occurredAt);
        amount = Money.of(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount.toPlainString());
        }
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be three capital letters, was " + currency);
        }
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
