package com.acme.orders.domain;

/** Checks on free text that is stored and shown to people. */
final class Text {

    private Text() {
    }

    /**
     * Requires {@code value} to be present, not blank, at most {@code maxLength} characters, and free of
     * control characters (other than tab and line breaks) and broken surrogate pairs, which PostgreSQL
     * either refuses or silently alters.
     */
    static String required(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidCommand(field, "is required");
        }
        if (value.isBlank()) {
            throw new InvalidCommand(field, "must not be blank");
        }
        return optional(field, value, maxLength);
    }

    /** Like {@link #required} but {@code null} is allowed. */
    static String optional(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidCommand(field, "must be at most " + maxLength + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidCommand(field, "must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")");
            }
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                throw new InvalidCommand(field, "must be valid Unicode text (broken surrogate pair at index " + i + ")");
            }
        }
        return value;
    }
}
