package com.acme.orders.query.gettingbyuser;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/**
 * {@code GET /orders/user/{userId}} and {@code GET /orders/user/{userId}/status/{status}}: a user's active
 * orders, newest first.
 */
public final class GetOrdersOfUserEndpoint implements Handler {

    private final OrdersOfUser orders;
    private final ReadYourWrites readYourWrites;

    public GetOrdersOfUserEndpoint(OrdersOfUser orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<Long> user = params.positiveLong("userId");
        Optional<OrderStatus> inStatus = ctx.pathParamMap().containsKey("status")
                ? params.status("status") : Optional.empty();
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        long userId = user.orElseThrow();
        PageRequest page = requested.orElseThrow();
        String list = "user:" + userId + inStatus.map(status -> ":status:" + status).orElse("");
        long beforeId = page.beforeId(list);

        readYourWrites.respond(ctx, () -> ctx.json(page.pageById(inStatus
                .map(status -> orders.below(userId, status, beforeId, page.fetchSize()))
                .orElseGet(() -> orders.below(userId, beforeId, page.fetchSize())), list)));
    }
}
