package com.acme.orders.query.gettingorders;

import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/** {@code GET /orders?limit=&cursor=}: active orders, newest first. */
public final class GetOrdersEndpoint implements Handler {

    private static final String LIST = "orders";

    private final ActiveOrders orders;
    private final ReadYourWrites readYourWrites;

    public GetOrdersEndpoint(ActiveOrders orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        PageRequest page = requested.orElseThrow();
        long beforeId = page.beforeId(LIST);

        readYourWrites.respond(ctx, () -> ctx.json(page.pageById(orders.below(beforeId, page.fetchSize()), LIST)));
    }
}
