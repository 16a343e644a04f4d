package com.acme.orders.command;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.command.createorder.CreateOrder;
import com.acme.orders.command.createorder.CreateOrderEndpoint;
import com.acme.orders.command.createorder.IdempotencyKeys;
import com.acme.orders.command.deleteorder.DeleteOrder;
import com.acme.orders.command.deleteorder.DeleteOrderEndpoint;
import com.acme.orders.command.outbox.OutboxRelay;
import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.Orders;
import com.acme.orders.command.store.PlacedOrders;
import com.acme.orders.command.store.WriteModel;
import com.acme.orders.command.updatestatus.UpdateOrderStatus;
import com.acme.orders.command.updatestatus.UpdateOrderStatusEndpoint;
import com.acme.orders.command.verify.ReplayVerifier;
import com.acme.orders.command.web.CommandErrors;
import com.acme.orders.events.EventCodec;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.FailFastDataSource;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.startup.DatabaseStartup;
import com.acme.orders.platform.http.HttpErrors;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.JsonBodies;
import com.acme.orders.platform.http.Metrics;
import com.acme.orders.platform.http.ReadinessCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command app's composition root: configuration → pool → Jdbi → repositories → handlers → HTTP, plus
 * the outbox relay. {@code main} serves; {@code main verify} checks the write model against the event store.
 */
public final class CommandApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandApp.class);

    private final HikariDataSource dataSource;
    private final OutboxRelay relay;
    private final WriteModel writeModel;
    private final Javalin http;
    private final ScheduledExecutorService housekeeping;

    private CommandApp(HikariDataSource dataSource, OutboxRelay relay, WriteModel writeModel, Javalin http,
                       ScheduledExecutorService housekeeping) {
        this.dataSource = dataSource;
        this.relay = relay;
        this.writeModel = writeModel;
        this.http = http;
        this.housekeeping = housekeeping;
    }

    /** Creates the database when missing, migrates it, starts the relay and serves HTTP. */
    public static CommandApp start(CommandConfig config, Clock clock) {
        DatabaseStartup.awaitDatabase(config.db(), config.httpPort());
        HikariDataSource dataSource = Postgres.pool("order-command", config.db());
        try {
            Postgres.migrate(dataSource, "db/write");
            // While PostgreSQL is down commands are refused at once (503), not after each waits out the pool.
            FailFastDataSource database = new FailFastDataSource(dataSource);
            Jdbi jdbi = Jdbi.create(database);
            EventCodec codec = new EventCodec();
            EventStore events = new EventStore(codec);
            PrometheusMeterRegistry registry = Metrics.newRegistry("order-command-app");
            OutboxRelay relay = new OutboxRelay(config.relay(), config.db(), jdbi, events, codec, registry);
            WriteModel writeModel = new WriteModel(jdbi, new Orders(), events, new PlacedOrders(codec), clock, relay);
            IdempotencyKeys keys = new IdempotencyKeys();

            ApiAccess access = ApiAccess.of(CommandConfig.TOKEN_VARIABLE, config.apiToken());
            log.info("commands: {}", access.describe());
            Javalin http = http(new CreateOrder(writeModel, keys), new UpdateOrderStatus(writeModel),
                    new DeleteOrder(writeModel), access, registry, List.of(
                            new ReadinessCheck("database", true, () -> Postgres.isReachable(database)
                                    ? ReadinessCheck.Result.up(null) : ReadinessCheck.Result.down("unreachable")),
                            // Not required: commands keep succeeding while Kafka is down; the outbox holds them.
                            new ReadinessCheck("kafka", false, () -> {
                                OutboxRelay.Status status = relay.status();
                                return status.kafkaReachable() || !status.leader()
                                        ? ReadinessCheck.Result.up(status.detail())
                                        : ReadinessCheck.Result.down(status.detail());
                            })));
            if (config.relay().enabled()) {
                relay.start();
            }
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "idempotency-key-purge");
                thread.setDaemon(true);
                return thread;
            });
            housekeeping.scheduleWithFixedDelay(() -> purgeIdempotencyKeys(keys, jdbi, config, clock), 1, 60,
                    TimeUnit.MINUTES);
            http.start(config.httpPort());
            return new CommandApp(dataSource, relay, writeModel, http, housekeeping);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The HTTP API over the given handlers, the commands guarded by {@code access}; unstarted. */
    static Javalin http(CreateOrder createOrder, UpdateOrderStatus updateOrderStatus, DeleteOrder deleteOrder,
                        ApiAccess access, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        ObjectMapper mapper = Json.newMapper();
        JsonBodies bodies = new JsonBodies(mapper, HttpApps.MAX_BODY_BYTES);
        return HttpApps.create(mapper, registry, checks, config -> {
            CommandErrors.install(config, new HttpErrors(mapper));
            // Only the commands: /health, /ready, /metrics and /openapi.json stay open for probes and scrapers.
            config.routes.post("/orders", access.guard(new CreateOrderEndpoint(bodies, createOrder)));
            config.routes.put("/orders/{id}/status",
                    access.guard(new UpdateOrderStatusEndpoint(bodies, updateOrderStatus)));
            config.routes.delete("/orders/{id}", access.guard(new DeleteOrderEndpoint(deleteOrder)));
        });
    }

    public int port() {
        return http.port();
    }

    public OutboxRelay relay() {
        return relay;
    }

    /** Stops taking requests, lets the relay finish its batch, then closes the pool. */
    @Override
    public void close() {
        http.stop();
        writeModel.close();
        relay.close();
        housekeeping.shutdownNow();
        dataSource.close();
    }

    private static void purgeIdempotencyKeys(IdempotencyKeys keys, Jdbi jdbi, CommandConfig config, Clock clock) {
        try {
            int purged = keys.purgeOlderThan(jdbi, config.idempotencyKeyTtl(), clock.instant());
            if (purged > 0) {
                log.info("purged idempotency keys count={} olderThan={}", purged, config.idempotencyKeyTtl());
            }
        } catch (RuntimeException e) {
            log.warn("idempotency key purge failed: {}", e.getMessage());
        }
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        CommandConfig config = CommandConfig.fromEnv(env);
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(verify(config));
        }
        if (args.length > 0 && !args[0].equals("serve")) {
            System.err.println("usage: order-command-app [serve|verify]");
            System.exit(2);
        }
        log.info("starting order-command-app {}", env.describe());
        CommandApp app = DatabaseStartup.orExit(() -> start(config, Clock.systemUTC()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping order-command-app");
            app.close();
        }, "shutdown"));
        log.info("order-command-app ready port={} startupMs={}", app.port(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Rebuilds every order from the event store and compares; exit status 0 when all match, 1 otherwise. */
    static int verify(CommandConfig config) {
        try (HikariDataSource dataSource = Postgres.pool("order-verify", config.db())) {
            ReplayVerifier verifier = new ReplayVerifier(Jdbi.create(dataSource), new EventStore(new EventCodec()));
            ReplayVerifier.Report report = verifier.verify(System.out::println);
            report.mismatches().forEach(m -> System.out.println("order " + m.orderId() + ": " + m.reason()));
            if (report.mismatchCount() > report.mismatches().size()) {
                System.out.println("… and " + (report.mismatchCount() - report.mismatches().size()) + " more");
            }
            System.out.println(report.summary());
            return report.consistent() ? 0 : 1;
        }
    }
}
