package com.acme.orders.query.gettingbyid;

import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.ConsistencyToken;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.query.caching.CachedAnswer;
import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.query.consistency.Freshness;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /orders/{id}} answered from this instance's near cache before the request reaches the servlet layer
 * and Javalin's routing, on the thread that read it, for the commonest request there is: an order this instance
 * holds, asked without a {@code Consistency-Token} and without a query string, by a client the API admits, while the
 * read model's position read last may still be reused. Everything else (a miss, a token, a deleted order, a refused
 * or odd request) is handed to a request thread and the routes, which answer all of it as before.
 *
 * <p>The answer is the endpoint's, byte for byte and header for header: the read model's freshness, the version,
 * the ETag, {@value GetOrderEndpoint#CACHE_CONTROL}, and 304 without a body when {@code If-None-Match} is exactly
 * the ETag (as Javalin compares it). It is timed into the same {@code http.server.requests} series, and counted as
 * a near hit. What it saves: waking a request thread for every request (the kernel switching threads was ~40 % of
 * a cached GET's CPU), the servlet request, Javalin's context, route matching and result stream; the bench's GET
 * mix went from 0.41× to 0.50-0.52× pgbench (BENCHMARKS.md, 2026-12-02 evening).
 */
public final class NearHitShortcut extends Handler.Wrapper {

    static final String ROUTE = "/orders/{id}";
    private static final String CONTENT_TYPE = "application/json";
    private static final String PREFIX = "/orders/";
    /** Longer ids may not fit a long: the endpoint answers those. */
    private static final int MAX_ID_DIGITS = 18;

    private final ReadCache cache;
    private final Freshness freshness;
    private final ApiAccess access;
    private final Timer answered;
    private final Timer notModified;

    public NearHitShortcut(ReadCache cache, Freshness freshness, ApiAccess access, PrometheusMeterRegistry registry) {
        this.cache = cache;
        this.freshness = freshness;
        this.access = access;
        this.answered = HttpApps.requestTimer(registry, "GET", ROUTE, HttpStatus.OK_200);
        this.notModified = HttpApps.requestTimer(registry, "GET", ROUTE, HttpStatus.NOT_MODIFIED_304);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        long orderId = servableId(request);
        // The position is read before the order, as the endpoint does, and only when it needs no query.
        Freshness.Snapshot position = orderId > 0 ? freshness.withoutReading() : null;
        CachedAnswer order = position != null ? cache.nearHit(ReadCache.order(orderId)) : null;
        if (order == null) {
            return handOver(request, response, callback);
        }
        HttpFields.Mutable headers = response.getHeaders();
        // In the endpoint's order: Javalin sets the content type first.
        headers.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        position.stamp(headers::put);
        String etag = GetOrderEndpoint.etag(order);
        headers.put(Freshness.VERSION_HEADER, Long.toString(order.version()));
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.CACHE_CONTROL, GetOrderEndpoint.CACHE_CONTROL);
        // Javalin's comparison: the header's (first) value exactly.
        boolean unchanged = etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH));
        // Timed before the write completes it: a client that then reads the metrics finds this answer counted.
        (unchanged ? notModified : answered).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (unchanged) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            headers.put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
        } else {
            headers.put(HttpHeader.CONTENT_LENGTH, order.json().length);
            response.write(true, ByteBuffer.wrap(order.json()), callback);
        }
        return true;
    }

    /**
     * Non-blocking: Jetty then handles every request on the thread that read it (a selector thread) instead of
     * waking a request thread for it, which was ~40 % of a cached GET's CPU (the kernel switching threads). It holds
     * because this handler never blocks: what it does not answer from memory it hands to a request thread.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    /** Lets the routes answer, on a request thread: they may block (the database, Redis, a body). */
    private boolean handOver(Request request, Response response, Callback callback) {
        try {
            request.getComponents().getExecutor().execute(() -> {
                try {
                    if (!super.handle(request, response, callback)) {
                        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    }
                } catch (Throwable failure) {
                    Response.writeError(request, response, callback, failure);
                }
            });
        } catch (RejectedExecutionException full) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
        }
        return true;
    }

    /** The id of a request this shortcut may answer, or 0. */
    private long servableId(Request request) {
        if (!"GET".equals(request.getMethod()) || request.getHttpURI().getQuery() != null) {
            return 0;
        }
        String path = request.getHttpURI().getPath();
        int digits = path.length() - PREFIX.length();
        if (digits < 1 || digits > MAX_ID_DIGITS || !path.startsWith(PREFIX) || path.charAt(PREFIX.length()) == '0') {
            return 0;
        }
        long id = 0;
        for (int i = PREFIX.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            id = id * 10 + (c - '0');
        }
        HttpFields fields = request.getHeaders();
        if (fields.contains(ConsistencyToken.HEADER) || !access.admits(fields.get(HttpHeader.AUTHORIZATION))) {
            return 0;
        }
        return id;
    }
}
