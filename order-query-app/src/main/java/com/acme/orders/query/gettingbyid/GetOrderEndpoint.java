package com.acme.orders.query.gettingbyid;

import com.acme.orders.platform.http.ProblemType;
import com.acme.orders.query.consistency.Freshness;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/**
 * {@code GET /orders/{id}}: 200 with the order, {@code ETag: "<version>"} and its version in
 * {@code Read-Model-Version}; 410 when it was deleted; 404 when the read model does not have it, except for a
 * request whose {@code Consistency-Token} names this order and whose wait ran out: the token proves the order
 * exists, so that is a 202 with {@code Retry-After} and {@code Consistency-Status: stale}.
 */
public final class GetOrderEndpoint implements Handler {

    private static final String RETRY_AFTER_SECONDS = "1";

    /** The body of a 202: the order a token names is not in the read model yet. */
    public record NotYetVisible(long orderId, String detail) {
    }

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
            Optional<OrderById.StoredOrder> found = orders.find(orderId);
            if (found.isEmpty() && ReadYourWrites.gaveUpOn(ctx, orderId)) {
                // The token proves the order exists; the read model has not shown it yet: ask to come back.
                ctx.status(202).header("Retry-After", RETRY_AFTER_SECONDS).json(new NotYetVisible(orderId,
                        "order " + orderId + " exists but the read model has not shown it yet; retry"));
                return;
            }
            OrderById.StoredOrder stored = found.orElseThrow(() -> 
                    ProblemType.ORDER_NOT_FOUND.exception("order " + orderId + " does not exist"));
            ctx.header(Freshness.VERSION_HEADER, Long.toString(stored.order().version()));
            if (stored.deleted()) {
                throw ProblemType.ORDER_DELETED.exception("order " + orderId + " was deleted");
            }
            ctx.header("ETag", "\"" + stored.order().version() + "\"").json(stored.order());
        });
    }
}
