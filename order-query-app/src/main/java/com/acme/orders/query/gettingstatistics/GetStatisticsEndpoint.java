package com.acme.orders.query.gettingstatistics;

import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /orders/statistics}: counts and amounts over all active orders. */
public final class GetStatisticsEndpoint implements Handler {

    private final OrderStatistics statistics;
    private final ReadYourWrites readYourWrites;

    public GetStatisticsEndpoint(OrderStatistics statistics, ReadYourWrites readYourWrites) {
        this.statistics = statistics;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        // No parameters, but a query string that cannot be decoded is refused here as on every view.
        QueryParams.of(ctx).throwIfInvalid();

        readYourWrites.respond(ctx, () -> ctx.json(statistics.read()));
    }
}
