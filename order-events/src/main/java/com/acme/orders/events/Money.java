package com.acme.orders.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** Money in the contract: a {@link BigDecimal} of scale 2, never a double. */
public final class Money {

    private Money() {
    }

    /**
     * {@code value} at scale 2 ({@code 5} becomes {@code 5.00}).
     *
     * @throws IllegalArgumentException when it has more than two decimals
     */
    public static BigDecimal of(BigDecimal value, String field) {
        Objects.requireNonNull(value, field);
        try {
            return value.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " must have at most 2 decimals, was " + value.toPlainString());
        }
    }
}
