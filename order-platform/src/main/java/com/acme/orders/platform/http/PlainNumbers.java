package com.acme.orders.platform.http;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Whole numbers as clients must write them in paths, query parameters and headers: ASCII digits, nothing else.
 * {@link Long#parseLong} also takes a sign and the digits of every script, so {@code /orders/+1},
 * {@code /orders/%EF%BC%91} (a fullwidth one) and {@code /orders/%D9%A1} (an Arabic-Indic one) all named
 * order 1, and a DELETE spelt that way got past any rule in front of the app that matches {@code /orders/1}.
 */
public final class PlainNumbers {

    /** As many as {@link Long#MAX_VALUE} has; the parser refuses those of them that do not fit. */
    private static final int MAX_DIGITS = 19;

    private PlainNumbers() {
    }

    /** {@code text} as a positive long when it is ASCII digits only and fits; empty otherwise. */
    public static OptionalLong positiveLong(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits above Long.MAX_VALUE
        }
    }

    /** {@code text} as a positive int when it is ASCII digits only and fits; empty otherwise. */
    public static OptionalInt positiveInt(String text) {
        OptionalLong value = positiveLong(text);
        return value.isPresent() && value.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }
}
