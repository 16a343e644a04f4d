package com.acme.orders.query.gettingbydaterange;

import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.Cursor;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Instant;
import java.util.Optional;

/** {@code GET /orders/date-range?from=&to=}: active orders created in the range, newest first. */
public final class GetOrdersByDateRangeEndpoint implements Handler {

    private final OrdersCreatedBetween orders;
    private final ReadYourWrites readYourWrites;

    public GetOrdersByDateRangeEndpoint(OrdersCreatedBetween orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<DateRange> requestedRange = DateRange.read(params);
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        DateRange range = requestedRange.orElseThrow();
        PageRequest page = requested.orElseThrow();
        String list = "created:" + range.from() + ":" + range.to();
        Optional<Cursor> after = page.cursor().map(cursor -> cursor.requireList(list, 2));
        // The first page starts just below (to, 0): before every order created at `to` or later.
        Instant beforeCreatedAt = after.map(cursor -> cursor.instantAt(0)).orElse(range.to());
        long beforeId = after.map(cursor -> cursor.longAt(1)).orElse(0L);

        readYourWrites.respond(ctx, () -> ctx.json(page.page(
                orders.before(range, beforeCreatedAt, beforeId, page.fetchSize()),
                last -> Cursor.of(list, last.createdAt(), last.id()))));
    }
}
