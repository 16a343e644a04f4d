package com.acme.orders.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds a Javalin server the way every app here wants it: 1 MB body limit, problem documents for every
 * error (also those Jetty answers itself), {@code /health}, {@code /ready}, {@code /metrics} and
 * {@code /openapi.json} (when the app ships an {@code openapi.json} resource), and a latency timer per route. The
 * app adds its own routes.
 */
public final class HttpApps {

    public static final long MAX_BODY_BYTES = 1_000_000;
    /**
     * Open connections one server accepts; beyond that Jetty stops accepting until some close. Each costs tens
     * of kilobytes of buffers: a flood of slow connections once filled a 256 MB heap.
     */
    public static final int MAX_CONNECTIONS = 1_000;
    /**
     * Request threads one server runs at most. Jetty's default (250) let a command app under overload park 240
     * threads in the group commit, each with its own buffers, until a 64 MB heap ran out; past a few dozen, more
     * threads only queue for the same database pool and the same two cores. Requests beyond them wait in Jetty's
     * queue, which costs a few bytes each; a request waiting for the read model holds no thread at all.
     */
    public static final int MAX_THREADS = 32;
    private static final int RESPONSE_COPY_BUFFER = 1_024;
    /**
     * Rows of the trie in which Jetty caches a connection's repeated header lines ("Host: …", "Accept: …"), about
     * one per character of those lines, each row 48 characters. Jetty's default of 1,024 rows is ~98 KB per
     * connection: a client holding 256 keep-alive connections filled a 64 MB heap's old generation with 25 MB of
     * them (a full collection every second). 128 hold a client's first few lines; the rest are parsed as new.
     */
    private static final int HEADER_CACHE_ROWS = 128;
    /**
     * Selector threads of the server's connector: one per processor. Jetty's default is one per two, and the query
     * app answers a cached order on the selector thread that read the request (no hand-off), so on two cores one
     * selector answered every connection and waited whenever the kernel gave its core away: alternated by hand,
     * a selector per core served near hits 20-40 % faster and the GET mix 5-20 % (BENCHMARKS.md, 2026-12-03).
     */
    private static final int SELECTORS = Runtime.getRuntime().availableProcessors();

    private HttpApps() {
    }

    /**
     * An unstarted server; start it with {@code start(port)} (port 0 picks a free one).
     *
     * @param mapper   the JSON mapper for responses
     * @param registry where request timers go, and what {@code /metrics} shows
     * @param checks   what {@code /ready} reports
     * @param routes   adds the app's own routes and exception handlers
     */
    public static Javalin create(ObjectMapper mapper, PrometheusMeterRegistry registry, List<ReadinessCheck> checks,
                                 Consumer<JavalinConfig> routes) {
        HttpErrors errors = new HttpErrors(mapper);
        byte[] openApi = openApiDocument();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // Javalin copies each result into Jetty's output through a buffer of this size, allocated per response;
            // unset it takes Jetty's 32 KB output buffer, three quarters of all the query app allocated per cached
            // GET (a young collection every ~150 ms under load, the p99). At 4 KB it was still a third of a cached
            // GET's allocation; an order's JSON is ~300-600 bytes, so 1 KB copies it at once and a long list in a
            // few dozen steps. Jetty still buffers up to 32 KB, so answers keep their Content-Length.
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
            threads.setName("http");
            config.jetty.threadPool = threads;
            config.jetty.modifyServer(server -> server.addBean(new ConnectionLimit(MAX_CONNECTIONS, server)));
            // Javalin's own connector, but with a selector per processor: Javalin adds its default connector only
            // when none is added, and reads host and port when the server starts (start(port) has set them then).
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, -1, SELECTORS, new HttpConnectionFactory(http));
                connector.setHost(config.jetty.host);
                connector.setPort(config.jetty.port);
                return connector;
            });
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            // Jetty reuses header fields seen earlier on a connection and by default matches their values
            // ignoring case, so "Bearer ABC" after "Bearer abc" would reach the app as "Bearer abc". Header values
            // are data (tokens, entity tags): compare them exactly.
            config.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                http.setHeaderCacheSize(HEADER_CACHE_ROWS);
            });
            // What Jetty refuses before Javalin sees it (bad URI encoding, header too large) is a problem too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrors(mapper)));
            config.jsonMapper(new JavalinJackson(mapper, false));
            errors.install(config);
            // Raised by ApiAccess.guard: the same 401 for every protected API.
            config.routes.exception(Unauthenticated.class, (e, ctx) -> {
                ctx.header("WWW-Authenticate", "Bearer");
                errors.send(ctx, e.problem());
            });
            RequestTimers timers = new RequestTimers(registry);
            config.requestLogger.http((ctx, millis) -> timers.timer(ctx.method().name(), route(ctx), ctx.statusCode())
                    .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS));
            // The app's routes first: a request is matched against the routes in registration order, one regular
            // expression each, and the probes and scrapers are a sliver of the traffic.
            routes.accept(config);
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/ready", ctx -> ready(ctx, checks));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            if (openApi != null) {
                config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            }
        });
    }

    /**
     * The latency timer of each method, route and status, registered once: building and registering one per request
     * (an id, its tags, the registry's lookup) was a tenth of what a cached order's answer allocated.
     */
    private static final class RequestTimers {

        private record Key(String method, String route, int status) {
        }

        private final PrometheusMeterRegistry registry;
        private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

        RequestTimers(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        Timer timer(String method, String route, int status) {
            Key key = new Key(method, route, status);
            Timer timer = timers.get(key);
            return timer != null ? timer : timers.computeIfAbsent(key,
                    k -> requestTimer(registry, k.method(), k.route(), k.status()));
        }
    }

    /**
     * The latency timer of requests with this method, route template and status, the one every answer of the
     * server records into; for a handler that answers ahead of the routes (see {@link #create}), resolved once.
     */
    public static Timer requestTimer(PrometheusMeterRegistry registry, String method, String route, int status) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry);
    }

    /** The matched route template (bounded cardinality), or {@code unmatched} for 404s. */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
    }

    private static void ready(Context ctx, List<ReadinessCheck> checks) {
        Map<String, Object> report = new LinkedHashMap<>();
        boolean ready = true;
        for (ReadinessCheck check : checks) {
            ReadinessCheck.Result result = check.probe().get();
            ready &= result.up() || !check.required();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", result.up() ? "UP" : "DOWN");
            entry.put("required", check.required());
            if (result.detail() != null) {
                entry.put("detail", result.detail());
            }
            report.put(check.name(), entry);
        }
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "checks", report));
    }

    private static byte[] openApiDocument() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("openapi.json")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.json", e);
        }
    }
}
