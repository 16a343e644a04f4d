package com.acme.orders.query.web;

import com.acme.orders.platform.http.BadRequest;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Where a page of a list ended, handed to the client as an opaque {@code cursor}: which list it belongs to
 * (view and filter, e.g. {@code status:SHIPPED}) and the sort key of the last order shown. The next page starts
 * strictly after that key (keyset pagination, never OFFSET), so it costs the same however deep the client
 * pages, and orders that change meanwhile do not shift the rest. On the wire it is base64url of the
 * percent-encoded parts joined by {@code |}; clients must treat it as opaque.
 *
 * @param list     the view and its filter; a cursor only continues the list that issued it
 * @param position the sort key of the last order on the page, e.g. its id
 */
public record Cursor(String list, List<String> position) {

    public static final String PARAMETER = "cursor";
    private static final int MAX_LENGTH = 1_000;
    private static final int MAX_DIGITS = 30;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");
    private static final String MALFORMED = "is not a cursor from this API (send nextCursor of the previous page"
            + " unchanged)";

    public Cursor {
        Objects.requireNonNull(list, "list");
        position = List.copyOf(position);
    }

    /** A cursor after a row whose sort key is {@code position} (numbers, decimals, instants). */
    public static Cursor of(String list, Object... position) {
        return new Cursor(list, Arrays.stream(position).map(Cursor::text).toList());
    }

    public String encode() {
        List<String> parts = new ArrayList<>();
        parts.add(list);
        parts.addAll(position);
        String text = String.join("|", parts.stream().map(part -> URLEncoder.encode(part, StandardCharsets.UTF_8))
                .toList());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor as the client sent it back.
     *
     * @throws BadRequest naming {@value #PARAMETER} when it is not one this API issued
     */
    public static Cursor decode(String encoded) {
        if (encoded.isEmpty() || encoded.length() > MAX_LENGTH) {
            throw malformed();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            List<String> parts = Arrays.stream(text.split("\\|", -1))
                    .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8))
                    .toList();
            if (parts.size() < 2 || parts.get(0).isEmpty()) {
                throw malformed();
            }
            return new Cursor(parts.get(0), parts.subList(1, parts.size()));
        } catch (IllegalArgumentException e) {
            // bad base64 or a bad %-escape
            throw malformed();
        }
    }

    /**
     * This cursor, after checking that {@code expectedList} issued it with a sort key of {@code size} values.
     *
     * @throws BadRequest naming {@value #PARAMETER} when it belongs to another list
     */
    public Cursor requireList(String expectedList, int size) {
        if (!list.equals(expectedList)) {
            throw new BadRequest(PARAMETER, "belongs to another list; a cursor only continues the list (same"
                    + " path and filters) whose page returned it");
        }
        if (position.size() != size) {
            throw malformed();
        }
        return this;
    }

    public long longAt(int index) {
        try {
            return Long.parseLong(position.get(index));
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    /**
     * A decimal of at most {@value #MAX_DIGITS} digits either side of the point: an order total, never one that
     * a driver or PostgreSQL cannot bind ({@code 1e-999999999} overflowed while being bound, a 500).
     */
    public BigDecimal decimalAt(int index) {
        try {
            BigDecimal value = new BigDecimal(position.get(index));
            if (value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
                throw malformed();
            }
            return value;
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    /**
     * An instant in the years 1 to 9999, as every order's creation time is; PostgreSQL cannot compare with a
     * timestamp far outside them ({@code -100000-01-01T00:00:00Z} was a 500).
     */
    public Instant instantAt(int index) {
        try {
            Instant value = Instant.parse(position.get(index));
            if (value.isBefore(EARLIEST) || !value.isBefore(AFTER_LATEST)) {
                throw malformed();
            }
            return value;
        } catch (DateTimeException e) {
            throw malformed();
        }
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    private static BadRequest malformed() {
        return new BadRequest(PARAMETER, MALFORMED);
    }
}
