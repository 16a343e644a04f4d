package com.acme.orders.query.gettingbyid;

import com.acme.orders.platform.http.ProblemType;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/**
 * {@code GET /orders/{id}}: 200 with the order and {@code ETag: "<version>"}, 404 when the read model does not
 * have it (yet), 410 when it was deleted.
 */
public final class GetOrderEndpoint implements Handler {

    private final OrderById orders;
    private final ReadYourWrites readYourWrites;

    public GetOrderEndpoint(OrderById orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<Long> id = params.positiveLong("id");
        params.throwIfInvalid();
        long orderId = id.orElseThrow();

        readYourWrites.respond(ctx, () -> {
            OrderById.StoredOrder stored = orders.find(orderId).orElseThrow(() ->
                    ProblemType.ORDER_NOT_FOUND.exception("order " + orderId + " does not exist"));
            if (stored.deleted()) {
                throw ProblemType.ORDER_DELETED.exception("order " + orderId + " was deleted");
            }
            ctx.header("ETag", "\"" + stored.order().version() + "\"").json(stored.order());
        });
    }
}
