package com.acme.orders.query.web;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.platform.http.BadRequest;
import com.acme.orders.platform.http.FieldError;
import com.acme.orders.platform.http.PlainNumbers;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static com.acme.orders.events.Abbreviation.abbreviate;

/**
 * Typed reads of a request's path and query parameters that collect every problem instead of stopping at
 * the first, so that one 400 names all the bad fields. Read everything, then {@link #throwIfInvalid()}; an
 * empty result means the field was rejected. Unknown query parameters are ignored; a known one given twice
 * is refused rather than guessed at, and the query string must be valid percent-encoded UTF-8.
 */
public final class QueryParams {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final Context ctx;
    private final QueryString query;
    private final List<FieldError> errors = new ArrayList<>();

    private QueryParams(Context ctx) {
        this.ctx = ctx;
        this.query = QueryString.parse(ctx.queryString());
        errors.addAll(query.errors());
    }

    public static QueryParams of(Context ctx) {
        return new QueryParams(ctx);
    }

    /** A path parameter that must be a positive 64-bit integer in ASCII digits, such as {@code id} or {@code userId}. */
    public Optional<Long> positiveLong(String pathParam) {
        String text = ctx.pathParam(pathParam);
        OptionalLong value = PlainNumbers.positiveLong(text);
        if (value.isEmpty()) {
            return reject(pathParam, "must be a positive integer, was '" + abbreviate(text) + "'");
        }
        return Optional.of(value.getAsLong());
    }

    /** A path parameter naming an {@link OrderStatus} exactly. */
    public Optional<OrderStatus> status(String pathParam) {
        String text = ctx.pathParam(pathParam);
        Optional<OrderStatus> status = OrderStatus.named(text);
        if (status.isEmpty()) {
            return reject(pathParam, "must be one of " + OrderStatus.names() + ", was '" + abbreviate(text) + "'");
        }
        return status;
    }

    /** A query parameter that must be present and not empty, text without control characters. */
    public Optional<String> required(String queryParam) {
        if (!readable(queryParam)) {
            return Optional.empty();
        }
        String text = single(queryParam);
        if (text == null || text.isEmpty()) {
            return reject(queryParam, "is required");
        }
        // PostgreSQL refuses NUL in text, and no name, date or amount contains a control character.
        OptionalInt control = text.chars().filter(Character::isISOControl).findFirst();
        if (control.isPresent()) {
            return reject(queryParam, "must not contain control characters (found U+"
                    + String.format("%04X", control.getAsInt()) + ")");
        }
        return Optional.of(text);
    }

    /** {@code limit} (default {@value #DEFAULT_LIMIT}) and {@code cursor} of a list. */
    public Optional<PageRequest> page() {
        Optional<Integer> limit = limit();
        if (!readable(Cursor.PARAMETER)) {
            return Optional.empty();
        }
        String cursorText = single(Cursor.PARAMETER);
        if (cursorText == null) {
            return limit.map(value -> new PageRequest(value, Optional.empty()));
        }
        Cursor cursor;
        try {
            cursor = Cursor.decode(cursorText);
        } catch (BadRequest e) {
            errors.addAll(e.errors());
            return Optional.empty();
        }
        return limit.map(value -> new PageRequest(value, Optional.of(cursor)));
    }

    /** Records a problem with {@code field} found by the caller. */
    public <T> Optional<T> reject(String field, String reason) {
        errors.add(new FieldError(field, reason));
        return Optional.empty();
    }

    /** Throws {@link BadRequest} listing every problem found so far, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new BadRequest(errors);
        }
    }

    private Optional<Integer> limit() {
        if (!readable("limit")) {
            return Optional.empty();
        }
        String text = single("limit");
        if (text == null) {
            return Optional.of(DEFAULT_LIMIT);
        }
        OptionalInt limit = PlainNumbers.positiveInt(text);
        if (limit.isPresent() && limit.getAsInt() <= MAX_LIMIT) {
            return Optional.of(limit.getAsInt());
        }
        return reject("limit", "must be an integer from 1 to " + MAX_LIMIT + ", was '" + abbreviate(text) + "'");
    }

    /**
     * Whether {@code queryParam} can be read: it was not given twice (different layers could pick different
     * ones, so it is refused rather than guessed at) and it could be decoded ({@link QueryString} reported
     * it when not).
     */
    private boolean readable(String queryParam) {
        if (query.undecodable(queryParam)) {
            return false;
        }
        int given = query.values(queryParam).size();
        if (given > 1) {
            reject(queryParam, "must be given once, was given " + given + " times");
            return false;
        }
        return true;
    }

    /** The value of a {@link #readable} query parameter, or null when it was not given. */
    private String single(String queryParam) {
        List<String> values = query.values(queryParam);
        return values.isEmpty() ? null : values.get(0);
    }
}
