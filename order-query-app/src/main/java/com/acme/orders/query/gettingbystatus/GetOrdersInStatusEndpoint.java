package com.acme.orders.query.gettingbystatus;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/** {@code GET /orders/status/{status}}: active orders in one status, newest first. */
public final class GetOrdersInStatusEndpoint implements Handler {

    private final OrdersInStatus orders;
    private final ReadYourWrites readYourWrites;

    public GetOrdersInStatusEndpoint(OrdersInStatus orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<OrderStatus> inStatus = params.status("status");
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        OrderStatus status = inStatus.orElseThrow();
        PageRequest page = requested.orElseThrow();
        String list = "status:" + status;
        long beforeId = page.beforeId(list);

        readYourWrites.respond(ctx, () -> ctx.json(page.pageById(orders.below(status, beforeId, page.fetchSize()),
                list)));
    }
}
