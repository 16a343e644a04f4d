package com.acme.orders.query;

import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.FailFastDataSource;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.Metrics;
import com.acme.orders.platform.http.ReadinessCheck;
import com.acme.orders.platform.startup.DatabaseStartup;
import com.acme.orders.platform.worker.Worker;
import com.acme.orders.query.caching.ReadCache;
import com.acme.orders.query.consistency.ReadModelListener;
import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.gettingbyamount.GetOrdersAboveAmountEndpoint;
import com.acme.orders.query.gettingbyamount.OrdersAboveAmount;
import com.acme.orders.query.gettingbydaterange.GetOrdersByDateRangeEndpoint;
import com.acme.orders.query.gettingbydaterange.OrdersCreatedBetween;
import com.acme.orders.query.gettingbyid.GetOrderEndpoint;
import com.acme.orders.query.gettingbyid.NearHitShortcut;
import com.acme.orders.query.gettingbyid.OrderById;
import com.acme.orders.query.gettingbystatus.GetOrdersInStatusEndpoint;
import com.acme.orders.query.gettingbystatus.OrdersInStatus;
import com.acme.orders.query.gettingbyuser.GetOrdersOfUserEndpoint;
import com.acme.orders.query.gettingbyuser.OrdersOfUser;
import com.acme.orders.query.gettingorders.ActiveOrders;
import com.acme.orders.query.gettingorders.GetOrdersEndpoint;
import com.acme.orders.query.gettingstatistics.GetStatisticsEndpoint;
import com.acme.orders.query.gettingstatistics.OrderStatistics;
import com.acme.orders.query.searchingbyusername.OrdersByUsername;
import com.acme.orders.query.searchingbyusername.SearchByUsernameEndpoint;
import com.acme.orders.readmodel.ReadModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The query app's composition root: configuration → pool → Jdbi → one reader and endpoint per view → HTTP,
 * plus the listener that serves read-your-writes. It reads the read database only; the projector writes it.
 */
public final class QueryApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryApp.class);

    private final HikariDataSource dataSource;
    private final HikariDataSource listDataSource;
    private final ReadYourWrites readYourWrites;
    private final ReadCache cache;
    private final Javalin http;

    private QueryApp(HikariDataSource dataSource, HikariDataSource listDataSource, ReadYourWrites readYourWrites,
                     ReadCache cache, Javalin http) {
        this.dataSource = dataSource;
        this.listDataSource = listDataSource;
        this.readYourWrites = readYourWrites;
        this.cache = cache;
        this.http = http;
    }

    /** Creates the read database when missing, migrates it, starts listening for changes and serves HTTP. */
    public static QueryApp start(QueryConfig config) {
        return start(config, Worker.EXIT_PROCESS);
    }

    /** Like {@link #start(QueryConfig)}, but a fatal failure of the listener calls {@code exit} instead. */
    public static QueryApp start(QueryConfig config, IntConsumer exit) {
        DatabaseStartup.awaitDatabase(config.db(), config.httpPort());
        HikariDataSource dataSource = Postgres.pool("order-query", config.db());
        // The list views' own pool bounds how many of their statements run at once (DB_LIST_POOL_SIZE).
        HikariDataSource listDataSource = Postgres.pool("order-query-lists", config.listDb());
        try {
            // The projector migrates the same schema; Flyway's lock makes concurrent start-ups safe.
            Postgres.migrate(dataSource, ReadModel.MIGRATIONS);
            // While PostgreSQL is down queries are refused at once (503), not after each waits out the pool.
            FailFastDataSource database = new FailFastDataSource(dataSource);
            Jdbi jdbi = Jdbi.create(database);
            Jdbi lists = Jdbi.create(new FailFastDataSource(listDataSource));
            PrometheusMeterRegistry registry = Metrics.newRegistry("order-query-app");
            ReadCache cache = new ReadCache(config.cache(), jdbi, registry);
            log.info("cache: {}", cache.describe());
            // The cache hears of every change from the listener, before any waiting request is released.
            ReadYourWrites readYourWrites = new ReadYourWrites(jdbi, config.db(), config.consistencyWait(), registry,
                    exit, cache);
            try {
                ApiAccess access = ApiAccess.of(QueryConfig.TOKEN_VARIABLE, config.apiToken());
                log.info("queries: {}", access.describe());
                Javalin http = http(jdbi, lists, readYourWrites, cache, access, registry, List.of(
                        new ReadinessCheck("database", true, () -> Postgres.isReachable(database)
                                ? ReadinessCheck.Result.up(null) : ReadinessCheck.Result.down("unreachable")),
                        // Not required: reads work without it; requests with a token just wait out their bound.
                        new ReadinessCheck("changeListener", false, () -> {
                            ReadModelListener.Status status = readYourWrites.listenerStatus();
                            return status.listening() ? ReadinessCheck.Result.up(status.detail())
                                    : ReadinessCheck.Result.down(status.detail());
                        })));
                readYourWrites.start();
                http.start(config.httpPort());
                return new QueryApp(dataSource, listDataSource, readYourWrites, cache, http);
            } catch (RuntimeException e) {
                readYourWrites.close();
                cache.close();
                throw e;
            }
        } catch (RuntimeException e) {
            listDataSource.close();
            dataSource.close();
            throw e;
        }
    }

    /**
     * The HTTP API over the read model, every view guarded by {@code access}; unstarted. The list views read through
     * {@code lists}, the rest through {@code jdbi}.
     */
    static Javalin http(Jdbi jdbi, Jdbi lists, ReadYourWrites readYourWrites, ReadCache cache, ApiAccess access,
                        PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        // One mapper for the answers Javalin renders and those the cache keeps rendered: the same bytes either way.
        ObjectMapper mapper = Json.newMapper();
        return HttpApps.create(mapper, registry, checks, config -> {
            // Only the views: /health, /ready, /metrics and /openapi.json stay open for probes and scrapers.
            // Routes match in registration order, one regular expression each: the fixed paths of two segments
            // first (/orders/{id} would take them), then the most requested view, then the rest.
            // The commonest request, a near hit of GET /orders/{id}, is answered before the servlet layer.
            config.jetty.modifyServer(server -> server.insertHandler(
                    new NearHitShortcut(cache, readYourWrites.freshness(), access, registry)));
            config.routes.get("/orders/statistics",
                    access.guard(new GetStatisticsEndpoint(new OrderStatistics(jdbi), readYourWrites, cache, mapper)));
            config.routes.get("/orders/date-range",
                    access.guard(new GetOrdersByDateRangeEndpoint(new OrdersCreatedBetween(lists), readYourWrites)));
            config.routes.get("/orders/amount-greater-than",
                    access.guard(new GetOrdersAboveAmountEndpoint(new OrdersAboveAmount(lists), readYourWrites)));
            config.routes.get("/orders/{id}", access.guard(new GetOrderEndpoint(new OrderById(jdbi), readYourWrites, cache, mapper)));
            config.routes.get("/orders/search/username",
                    access.guard(new SearchByUsernameEndpoint(new OrdersByUsername(lists), readYourWrites)));
            Handler ordersOfUser = access.guard(new GetOrdersOfUserEndpoint(new OrdersOfUser(lists), readYourWrites));
            config.routes.get("/orders/user/{userId}", ordersOfUser);
            config.routes.get("/orders/user/{userId}/status/{status}", ordersOfUser);
            config.routes.get("/orders/status/{status}",
                    access.guard(new GetOrdersInStatusEndpoint(new OrdersInStatus(lists), readYourWrites)));
            config.routes.get("/orders", access.guard(new GetOrdersEndpoint(new ActiveOrders(lists), readYourWrites)));
        });
    }

    public int port() {
        return http.port();
    }

    /** Stops taking requests, stops listening, then closes the pools. */
    @Override
    public void close() {
        http.stop();
        readYourWrites.close();
        cache.close();
        listDataSource.close();
        dataSource.close();
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        QueryConfig config = QueryConfig.fromEnv(env);
        log.info("starting order-query-app {}", env.describe());
        QueryApp app = DatabaseStartup.orExit(() -> start(config));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping order-query-app");
            app.close();
        }, "shutdown"));
        log.info("order-query-app ready port={} startupMs={}", app.port(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
