package com.acme.orders.command;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.command.archive.Archiver;
import com.acme.orders.command.createorder.Admission;
import com.acme.orders.command.createorder.CreateOrder;
import com.acme.orders.command.createorder.CreateOrderEndpoint;
import com.acme.orders.command.createorder.IdempotencyKeys;
import com.acme.orders.command.deleteorder.DeleteOrder;
import com.acme.orders.command.deleteorder.DeleteOrderEndpoint;
import com.acme.orders.command.history.OrderHistory;
import com.acme.orders.command.history.OrderHistoryEndpoint;
import com.acme.orders.command.outbox.OutboxRelay;
import com.acme.orders.command.saga.Orchestrator;
import com.acme.orders.command.saga.SagaAdmission;
import com.acme.orders.command.saga.SagaEndpoint;
import com.acme.orders.command.saga.SagaMetrics;
import com.acme.orders.command.saga.SagaReplies;
import com.acme.orders.command.saga.SagaRetention;
import com.acme.orders.command.saga.SagaTimeouts;
import com.acme.orders.command.saga.Sagas;
import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.Orders;
import com.acme.orders.command.store.OrderIds;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.command.updatestatus.UpdateOrderStatus;
import com.acme.orders.command.updatestatus.UpdateOrderStatusEndpoint;
import com.acme.orders.command.verify.ReplayVerifier;
import com.acme.orders.command.web.CommandErrors;
import com.acme.orders.domain.saga.PlaceOrderSaga;
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
import com.acme.orders.platform.messaging.InboxConsumer;
import com.acme.orders.platform.messaging.MessageRetention;
import com.acme.orders.platform.messaging.MessagingSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command app's composition root: configuration → pool → Jdbi → repositories → handlers → HTTP, plus
 * the outbox relay and the archiver. {@code main} serves; {@code main verify} checks the write model against the
 * event store; {@code main archive [--dry-run]} archives now what is due.
 */
public final class CommandApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandApp.class);

    private final HikariDataSource dataSource;
    private final OutboxRelay relay;
    private final Transactions transactions;
    private final Javalin http;
    private final ScheduledExecutorService housekeeping;
    private final List<AutoCloseable> sagaWorkers;

    private CommandApp(HikariDataSource dataSource, OutboxRelay relay, Transactions transactions, Javalin http,
                       ScheduledExecutorService housekeeping, List<AutoCloseable> sagaWorkers) {
        this.dataSource = dataSource;
        this.relay = relay;
        this.transactions = transactions;
        this.http = http;
        this.housekeeping = housekeeping;
        this.sagaWorkers = sagaWorkers;
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
            Orders orders = new Orders();
            Transactions transactions = new Transactions(jdbi, orders, events, clock, relay);
            IdempotencyKeys keys = new IdempotencyKeys();
            Sagas sagas = new Sagas();
            Optional<Orchestrator> orchestrator = Optional.empty();
            Admission admission = Admission.ALWAYS;
            List<AutoCloseable> sagaWorkers = new ArrayList<>();
            if (config.sagas().enabled()) {
                orchestrator = Optional.of(new Orchestrator(new PlaceOrderSaga(config.sagas().stepTimeout(),
                        config.sagas().currency(), UUID::randomUUID), config.sagas(), transactions,
                        orders, events, sagas, new SagaMetrics(registry, jdbi, sagas)));
                SagaReplies replies = new SagaReplies(codec, orchestrator.get(), jdbi, clock);
                String inventoryReplies = config.sagas().topics().inventoryReplies();
                String paymentReplies = config.sagas().topics().paymentReplies();
                // One consumer thread for both reply topics; its output topic is unused (commands go through the
                // event store's outbox and relay).
                sagaWorkers.add(new InboxConsumer(new MessagingSettings(config.relay().bootstrapServers(),
                        inventoryReplies, paymentReplies, config.sagas().consumerGroup(), config.relay().partitions(), 1,
                        config.sagas().timeoutPoll(), config.relay().maxBackoff()),
                        List.of(inventoryReplies, paymentReplies), replies));
                sagaWorkers.add(new SagaTimeouts(orchestrator.get(), config.sagas().timeoutPoll()));
                if (config.sagas().maxInFlight() > 0) {
                    SagaAdmission bound = new SagaAdmission(config.sagas().maxInFlight(),
                            config.sagas().admissionTimeout(), jdbi, sagas, registry);
                    sagaWorkers.add(bound);
                    admission = bound;
                }
                log.info("sagas enabled stepTimeout={} maxInFlight={} admissionTimeout={} (placing an order reserves"
                        + " stock and takes payment)", config.sagas().stepTimeout(), config.sagas().maxInFlight(),
                        config.sagas().admissionTimeout());
            } else {
                log.info("sagas disabled (SAGAS_ENABLED=false): orders are confirmed by hand");
            }

            ApiAccess access = ApiAccess.of(CommandConfig.TOKEN_VARIABLE, config.apiToken());
            log.info("commands: {}", access.describe());
            Archiver archiver = new Archiver(jdbi, config.archive(), clock, registry);
            // Before the first command: this month's partition exists, so nothing lands in the default partition.
            archiver.preparePartitions();
            Javalin http = http(new CreateOrder(transactions, new OrderIds(jdbi), orders, events, keys, orchestrator),
                    admission,
                    new UpdateOrderStatus(transactions, orchestrator), new DeleteOrder(transactions, orchestrator),
                    new SagaEndpoint(jdbi, sagas), new OrderHistory(jdbi), access, registry, List.of(
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
            for (AutoCloseable worker : sagaWorkers) {
                if (worker instanceof InboxConsumer consumer) {
                    consumer.start();
                } else if (worker instanceof SagaTimeouts timeouts) {
                    timeouts.start();
                }
            }
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            housekeeping.scheduleWithFixedDelay(() -> purgeIdempotencyKeys(keys, jdbi, config, clock), 1, 60,
                    TimeUnit.MINUTES);
            // Saga bookkeeping, also while sagas are disabled: rows from when they were enabled age out too.
            long retentionEvery = config.messageRetention().interval().toMillis();
            SagaRetention sagaRetention = new SagaRetention(jdbi, config.sagas().retention(), clock);
            MessageRetention replyRetention = new MessageRetention(jdbi, config.messageRetention(), clock);
            housekeeping.scheduleWithFixedDelay(() -> {
                sagaRetention.pruneAndLog();
                replyRetention.pruneAndLog();
            }, retentionEvery, retentionEvery, TimeUnit.MILLISECONDS);
            if (config.archive().enabled()) {
                long every = config.archive().interval().toMillis();
                housekeeping.scheduleWithFixedDelay(archiver::housekeeping, every, every, TimeUnit.MILLISECONDS);
            }
            http.start(config.httpPort());
            return new CommandApp(dataSource, relay, transactions, http, housekeeping, sagaWorkers);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The HTTP API over the given handlers, the commands guarded by {@code access}; unstarted. */
    static Javalin http(CreateOrder createOrder, Admission admission, UpdateOrderStatus updateOrderStatus, DeleteOrder deleteOrder,
                        SagaEndpoint saga, OrderHistory history, ApiAccess access, PrometheusMeterRegistry registry,
                        List<ReadinessCheck> checks) {
        ObjectMapper mapper = Json.newMapper();
        JsonBodies bodies = new JsonBodies(mapper, HttpApps.MAX_BODY_BYTES);
        return HttpApps.create(mapper, registry, checks, config -> {
            CommandErrors.install(config, new HttpErrors(mapper));
            // Only the commands: /health, /ready, /metrics and /openapi.json stay open for probes and scrapers.
            config.routes.post("/orders", access.guard(new CreateOrderEndpoint(bodies, createOrder, admission)));
            config.routes.put("/orders/{id}/status",
                    access.guard(new UpdateOrderStatusEndpoint(bodies, updateOrderStatus)));
            config.routes.delete("/orders/{id}", access.guard(new DeleteOrderEndpoint(deleteOrder)));
            // Support staff read it; it changes nothing, so it is open like the query API.
            config.routes.get("/orders/{id}/saga", saga);
            // Guarded like the commands: payloads hold addresses and notes.
            config.routes.get("/orders/{id}/history", access.guard(new OrderHistoryEndpoint(history)));
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
        for (AutoCloseable worker : sagaWorkers) {
            try {
                worker.close();
            } catch (Exception e) {
                log.warn("stopping a saga worker failed: {}", e.toString());
            }
        }
        transactions.close();
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
        if (args.length > 0 && args[0].equals("archive")) {
            System.exit(archive(config, List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && !args[0].equals("serve")) {
            System.err.println("usage: order-command-app [serve|verify|archive [--dry-run]]");
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

    /**
     * Archives now what is due ({@code ARCHIVE_AFTER}), batch by batch with a progress line each; exit status 0, or
     * 2 for an unknown option. {@code --dry-run} computes every batch and rolls it back.
     */
    static int archive(CommandConfig config, List<String> options) {
        boolean dryRun = options.contains("--dry-run");
        if (options.stream().anyMatch(option -> !option.equals("--dry-run"))) {
            System.err.println("usage: order-command-app archive [--dry-run]");
            return 2;
        }
        try (HikariDataSource dataSource = Postgres.pool("order-archive", config.db())) {
            Postgres.migrate(dataSource, "db/write");
            Archiver archiver = new Archiver(Jdbi.create(dataSource), config.archive(), Clock.systemUTC(),
                    new SimpleMeterRegistry());
            archiver.preparePartitions();
            System.out.println("archiving events of finished orders older than " + config.archive().after()
                    + " in batches of " + config.archive().batchSize() + " orders" + (dryRun ? " (dry run)" : ""));
            Archiver.Run run = archiver.run(dryRun, System.out::println);
            System.out.println(run.summary());
            return 0;
        }
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
