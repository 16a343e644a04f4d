package com.acme.orders.query.gettingstatistics;

import com.acme.orders.query.caching.CachedAnswer;
import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.QueryParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/**
 * {@code GET /orders/statistics}: counts and amounts over all active orders, rendered once per change of the
 * read model (the {@link ReadCache} drops them on every change). A request with a {@code Consistency-Token}
 * reads the database: a cached answer cannot say which orders' versions it includes.
 */
public final class GetStatisticsEndpoint implements Handler {

    private final OrderStatistics statistics;
    private final ReadYourWrites readYourWrites;
    private final ReadCache cache;
    private final ObjectMapper mapper;

    public GetStatisticsEndpoint(OrderStatistics statistics, ReadYourWrites readYourWrites, ReadCache cache,
                                 ObjectMapper mapper) {
        this.statistics = statistics;
        this.readYourWrites = readYourWrites;
        this.cache = cache;
        this.mapper = mapper;
    }

    @Override
    public void handle(Context ctx) {
        // No parameters, but a query string that cannot be decoded is refused here as on every view.
        QueryParams.of(ctx).throwIfInvalid();

        readYourWrites.respond(ctx, () -> {
            if (ReadYourWrites.carriesToken(ctx)) {
                ctx.json(statistics.read());
                return;
            }
            CachedAnswer answer = cache.get(ReadCache.STATISTICS, 0,
                    () -> Optional.of(CachedAnswer.render(mapper, 0, statistics.read()))).orElseThrow();
            ctx.contentType(ContentType.APPLICATION_JSON).result(answer.json());
        });
    }
}
