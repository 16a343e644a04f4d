package com.acme.orders.query.gettingbyid;

import com.acme.orders.platform.http.ProblemType;
import com.acme.orders.query.caching.CachedAnswer;
import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.query.consistency.Freshness;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.QueryParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/**
 * {@code GET /orders/{id}}: 200 with the order, {@code ETag: "<version>"} and its version in
 * {@code Read-Model-Version}; 410 when it was deleted; 404 when the read model does not have it, except for a
 * request whose {@code Consistency-Token} names this order and whose wait ran out: the token proves the order
 * exists, so that is a 202 with {@code Retry-After} and {@code Consistency-Status: stale}.
 *
 * <p>The order comes rendered from the {@link ReadCache} when it has it, at least at the version a token for
 * this order demands. {@value #CACHE_CONTROL}: a client may keep the answer but revalidates before every use
 * ({@code If-None-Match} with the ETag, answered 304 without a body while the version is current); shared
 * caches do not keep it, as it holds a user's e-mail and may be behind a bearer token.
 */
public final class GetOrderEndpoint implements Handler {

    static final String CACHE_CONTROL = "private, no-cache";
    private static final String RETRY_AFTER_SECONDS = "1";

    /** The body of a 202: the order a token names is not in the read model yet. */
    public record NotYetVisible(long orderId, String detail) {
    }

    private final OrderById orders;
    private final ReadYourWrites readYourWrites;
    private final ReadCache cache;
    private final ObjectMapper mapper;

    public GetOrderEndpoint(OrderById orders, ReadYourWrites readYourWrites, ReadCache cache, ObjectMapper mapper) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
        this.cache = cache;
        this.mapper = mapper;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<Long> id = params.positiveLong("id");
        params.throwIfInvalid();
        long orderId = id.orElseThrow();

        readYourWrites.respond(ctx, () -> {
            Optional<CachedAnswer> found = cache.get(ReadCache.order(orderId),
                    ReadYourWrites.versionDemanded(ctx, orderId), () -> orders.find(orderId).map(this::render));
            if (found.isEmpty() && ReadYourWrites.gaveUpOn(ctx, orderId)) {
                // The token proves the order exists; the read model has not shown it yet: ask to come back.
                ctx.status(202).header("Retry-After", RETRY_AFTER_SECONDS).json(new NotYetVisible(orderId,
                        "order " + orderId + " exists but the read model has not shown it yet; retry"));
                return;
            }
            CachedAnswer order = found.orElseThrow(() ->
                    ProblemType.ORDER_NOT_FOUND.exception("order " + orderId + " does not exist"));
            ctx.header(Freshness.VERSION_HEADER, Long.toString(order.version()));
            if (order.deleted()) {
                throw ProblemType.ORDER_DELETED.exception("order " + orderId + " was deleted");
            }
            // Javalin answers 304 without a body when If-None-Match carries this ETag.
            ctx.header("ETag", etag(order))
                    .header("Cache-Control", CACHE_CONTROL)
                    .contentType(ContentType.APPLICATION_JSON)
                    .result(order.json());
        });
    }

    /** The entity tag of an order's answer: its version, quoted. */
    static String etag(CachedAnswer order) {
        return "\"" + order.version() + "\"";
    }

    private CachedAnswer render(OrderById.StoredOrder stored) {
        long version = stored.order().version();
        return stored.deleted() ? CachedAnswer.deleted(version) : CachedAnswer.render(mapper, version, stored.order());
    }
}
