package com.acme.orders.events;

/**
 * Shortens text a client sent before it is echoed in an error message or a log line, so that a megabyte of
 * garbage comes back as a few words. Here, in the contract, because it is the one module every other module
 * (the domain included) may use.
 */
public final class Abbreviation {

    /** How much of a rejected value a message shows unless it says otherwise. */
    public static final int DEFAULT_LENGTH = 40;

    private Abbreviation() {
    }

    /** At most {@value #DEFAULT_LENGTH} characters of {@code text}, followed by "…" when cut. */
    public static String abbreviate(String text) {
        return abbreviate(text, DEFAULT_LENGTH);
    }

    /**
     * At most {@code maxLength} characters of {@code text}, followed by "…" when cut; never cuts a surrogate pair
     * in half (half a pair is not valid Unicode, and a JSON encoder would mangle it).
     */
    public static String abbreviate(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return text.substring(0, end) + "…";
    }
}
