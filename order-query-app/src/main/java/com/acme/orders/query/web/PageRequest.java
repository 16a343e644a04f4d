package com.acme.orders.query.web;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which page of a list the client asked for.
 *
 * @param limit  how many orders at most, 1 to {@value QueryParams#MAX_LIMIT}
 * @param cursor where the previous page ended; empty for the first page
 */
public record PageRequest(int limit, Optional<Cursor> cursor) {

    /** One row more than shown tells whether there is a next page without counting. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * For lists ordered by id, newest first: the id to continue below, checked to come from {@code list}.
     * The first page starts below {@link Long#MAX_VALUE}, so one SQL text serves every page.
     */
    public long beforeId(String list) {
        return cursor.map(c -> c.requireList(list, 1).longAt(0)).orElse(Long.MAX_VALUE);
    }

    /** The page for rows fetched with {@link #fetchSize()}, with a cursor after the last shown row if more follow. */
    public OrderPage page(List<OrderJson> fetched, Function<OrderJson, Cursor> cursorAfter) {
        if (fetched.size() <= limit) {
            return new OrderPage(fetched, null);
        }
        List<OrderJson> shown = fetched.subList(0, limit);
        return new OrderPage(shown, cursorAfter.apply(shown.get(limit - 1)).encode());
    }

    /** {@link #page} for lists ordered by id, newest first. */
    public OrderPage pageById(List<OrderJson> fetched, String list) {
        return page(fetched, last -> Cursor.of(list, last.id()));
    }
}
