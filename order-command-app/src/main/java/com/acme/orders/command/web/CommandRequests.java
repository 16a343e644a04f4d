package com.acme.orders.command.web;

import com.acme.orders.platform.http.BadRequest;
import com.acme.orders.platform.http.PlainNumbers;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.OptionalLong;

import static com.acme.orders.events.Abbreviation.abbreviate;

/** Reads the parts of a command request outside its body: the order id in the path and the headers. */
public final class CommandRequests {

    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private CommandRequests() {
    }

    /** The {@code {id}} path parameter as a positive integer in ASCII digits. */
    public static long orderId(Context ctx) {
        String text = ctx.pathParam("id");
        OptionalLong id = PlainNumbers.positiveLong(text);
        if (id.isEmpty()) {
            throw new BadRequest("id", "must be a positive integer, was '" + abbreviate(text) + "'");
        }
        return id.getAsLong();
    }

    /**
     * The version in {@code If-Match}: {@code "3"} (or {@code W/"3"}, or bare {@code 3}); absent or {@code *}
     * means no precondition.
     */
    public static OptionalLong ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        OptionalLong version = PlainNumbers.positiveLong(tag);
        if (version.isPresent()) {
            return version;
        }
        throw new BadRequest("If-Match", "must be the ETag of an order version, such as \"3\"; was '"
                + abbreviate(header) + "'");
    }

    /** The {@code Idempotency-Key} header: 1 to 200 visible ASCII characters. */
    public static Optional<String> idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new BadRequest("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " visible ASCII characters (a UUID is a good choice)");
        }
        return Optional.of(key);
    }
}
