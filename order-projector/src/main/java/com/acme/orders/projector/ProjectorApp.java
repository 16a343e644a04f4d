package com.acme.orders.projector;

import com.acme.orders.events.EventCodec;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.Metrics;
import com.acme.orders.platform.http.ReadinessCheck;
import com.acme.orders.platform.startup.DatabaseStartup;
import com.acme.orders.platform.worker.Worker;
import com.acme.orders.projector.consume.DeadLetters;
import com.acme.orders.projector.consume.ProjectorLoop;
import com.acme.orders.projector.project.BatchProjection;
import com.acme.orders.projector.project.OffsetStore;
import com.acme.orders.projector.project.OrderRows;
import com.acme.orders.projector.project.UserDirectory;
import com.acme.orders.projector.rebuild.ReadModelRebuild;
import com.acme.orders.projector.reconcile.Drift;
import com.acme.orders.projector.reconcile.PeriodicReconciler;
import com.acme.orders.projector.reconcile.Reconciler;
import com.acme.orders.projector.repair.EventStoreReader;
import com.acme.orders.readmodel.ReadModel;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The projector's composition root. {@code main} runs the consumer with a small admin HTTP server and the
 * periodic reconciler; {@code main rebuild} rebuilds the read model from the event store and
 * {@code main reconcile [--dry-run]} compares it with the write model and repairs what drifted (both safe while
 * the projector runs).
 */
public final class ProjectorApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectorApp.class);
    private static final String USAGE = "usage: order-projector [serve | rebuild | reconcile [--dry-run]]";
    /**
     * The share of its time a pass inside the projector spends comparing, so that it does not take a core and both
     * databases in one burst (2 to 3 s at 500,000 orders on two cores; BENCHMARKS.md, 2026-12-02).
     */
    private static final double BACKGROUND_RECONCILE_WORK_SHARE = 0.25;
    /** {@code order-projector reconcile} runs a pass on its own, which nothing else waits on: no rests. */
    private static final double STANDALONE_RECONCILE_WORK_SHARE = 1;

    private final HikariDataSource read;
    private final HikariDataSource write;
    private final DeadLetters deadLetters;
    private final ProjectorLoop loop;
    private final Reconciler reconciler;
    private final Optional<PeriodicReconciler> periodicReconciler;
    private final ExecutorService afterTopicReset;
    private final Javalin admin;

    private ProjectorApp(HikariDataSource read, HikariDataSource write, DeadLetters deadLetters, ProjectorLoop loop,
                         Reconciler reconciler, Optional<PeriodicReconciler> periodicReconciler,
                         ExecutorService afterTopicReset, Javalin admin) {
        this.read = read;
        this.write = write;
        this.deadLetters = deadLetters;
        this.loop = loop;
        this.reconciler = reconciler;
        this.periodicReconciler = periodicReconciler;
        this.afterTopicReset = afterTopicReset;
        this.admin = admin;
    }

    /**
     * Creates and migrates the read database when needed, starts consuming, schedules the reconciler (unless
     * {@code RECONCILE_INTERVAL} is off) and serves the admin port. A failure that no retry can heal (Kafka refuses
     * access or a topic, wrong database credentials) exits the process with {@link Worker#FATAL_EXIT_STATUS}.
     */
    public static ProjectorApp start(ProjectorConfig config) {
        return start(config, Worker.EXIT_PROCESS);
    }

    /** Like {@link #start(ProjectorConfig)}, but a fatal failure calls {@code exit} with the exit status instead. */
    public static ProjectorApp start(ProjectorConfig config, IntConsumer exit) {
        DatabaseStartup.awaitDatabase(config.read(), config.adminPort());
        HikariDataSource read = Postgres.pool("order-projector-read", config.read());
        HikariDataSource write = Postgres.pool("order-projector-event-store", config.write());
        try {
            Postgres.migrate(read, ReadModel.MIGRATIONS);
            Jdbi readDatabase = Jdbi.create(read);
            Jdbi writeDatabase = Jdbi.create(write);
            EventCodec codec = new EventCodec();
            EventStoreReader eventStore = new EventStoreReader(writeDatabase, codec);
            OffsetStore offsets = new OffsetStore(config.consumer().groupId());
            PrometheusMeterRegistry registry = Metrics.newRegistry("order-projector");
            DeadLetters deadLetters = new DeadLetters(config.consumer().bootstrapServers(),
                    config.consumer().deadLetterTopic());
            Reconciler reconciler = new Reconciler(readDatabase, writeDatabase, eventStore,
                    config.reconcile().grace(), BACKGROUND_RECONCILE_WORK_SHARE, registry);
            ExecutorService afterTopicReset = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "reconcile-after-topic-reset");
                thread.setDaemon(true);
                return thread;
            });
            ProjectorLoop loop = new ProjectorLoop(config.consumer(), readDatabase,
                    new BatchProjection(new OrderRows(), new UserDirectory(), offsets, eventStore), offsets,
                    deadLetters, codec, registry, exit,
                    // The replaced log may have held events this projector never read: the event store has them.
                    topic -> afterTopicReset.execute(() -> reconcileAfterTopicReset(reconciler, topic)));
            Javalin admin = HttpApps.create(Json.newMapper(), registry, List.of(
                    new ReadinessCheck("database", true, () -> Postgres.isReachable(read)
                            ? ReadinessCheck.Result.up(null) : ReadinessCheck.Result.down("unreachable")),
                    new ReadinessCheck("kafka", true, () -> kafkaReadiness(loop.status())),
                    new ReadinessCheck("progress", true, () -> loop.stall()
                            .map(ReadinessCheck.Result::down)
                            .orElseGet(() -> ReadinessCheck.Result.up(null)))), routes -> { });
            loop.start();
            admin.start(config.adminPort());
            Optional<PeriodicReconciler> periodic = config.reconcile().interval()
                    .map(interval -> PeriodicReconciler.start(reconciler, interval));
            return new ProjectorApp(read, write, deadLetters, loop, reconciler, periodic, afterTopicReset, admin);
        } catch (RuntimeException e) {
            read.close();
            write.close();
            throw e;
        }
    }

    /** A repairing reconcile pass right away, whatever {@code RECONCILE_INTERVAL} says. */
    private static void reconcileAfterTopicReset(Reconciler reconciler, String topic) {
        try {
            Reconciler.Report report = reconciler.run(Reconciler.Mode.REPAIR, line -> { });
            log.info("projector repaired from the event store after topic {} was replaced: {}", topic,
                    report.summary());
        } catch (RuntimeException e) {
            // The periodic passes (if on) try again; the re-read of the topic goes on regardless.
            log.warn("projector could not reconcile after topic {} was replaced: {}", topic, e.toString());
        }
    }

    private static ReadinessCheck.Result kafkaReadiness(ProjectorLoop.Status status) {
        boolean recent = status.lastPoll() != null
                && Duration.between(status.lastPoll(), Instant.now()).compareTo(Duration.ofSeconds(15)) < 0;
        return status.consuming() && recent ? ReadinessCheck.Result.up(status.detail())
                : ReadinessCheck.Result.down(status.detail());
    }

    public int adminPort() {
        return admin.port();
    }

    public ProjectorLoop loop() {
        return loop;
    }

    /** This projector's reconciler, reporting to its {@code /metrics}; for a pass on demand. */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** Stops the reconciler, finishes the current batch, then stops consuming and closes the pools. */
    @Override
    public void close() {
        periodicReconciler.ifPresent(PeriodicReconciler::close);
        afterTopicReset.shutdownNow();
        loop.close();
        admin.stop();
        deadLetters.close();
        read.close();
        write.close();
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        ProjectorConfig config = ProjectorConfig.fromEnv(env);
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve" -> serve(env, config);
            case "rebuild" -> System.exit(rebuild(config, System.out::println));
            case "reconcile" -> System.exit(reconcile(config, Arrays.asList(args).subList(1, args.length),
                    System.out::println));
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }

    private static void serve(Env env, ProjectorConfig config) {
        log.info("starting order-projector {}", env.describe());
        ProjectorApp app = DatabaseStartup.orExit(() -> start(config));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping order-projector");
            app.close();
        }, "shutdown"));
        log.info("order-projector ready adminPort={} startupMs={}", app.adminPort(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Rebuilds the read model, reporting progress; exit status 0 on success. */
    static int rebuild(ProjectorConfig config, Consumer<String> progress) {
        Postgres.createDatabaseIfMissing(config.read());
        try (HikariDataSource read = Postgres.pool("order-rebuild-read", config.read());
             HikariDataSource write = Postgres.pool("order-rebuild-event-store", config.write())) {
            Postgres.migrate(read, ReadModel.MIGRATIONS);
            new ReadModelRebuild(Jdbi.create(read), new EventStoreReader(Jdbi.create(write), new EventCodec()))
                    .run(progress);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("rebuild failed: " + e.getMessage());
            log.error("rebuild failed", e);
            return 1;
        }
    }

    /**
     * Compares the read model with the write model and repairs what drifted ({@code --dry-run}: only reports),
     * printing every drifted order and a summary. Exit status 0 when nothing drifted or everything that did is
     * repaired, 1 otherwise, 2 for unknown options.
     */
    static int reconcile(ProjectorConfig config, List<String> options, Consumer<String> out) {
        if (!options.isEmpty() && !options.equals(List.of("--dry-run"))) {
            System.err.println(USAGE);
            return 2;
        }
        Reconciler.Mode mode = options.isEmpty() ? Reconciler.Mode.REPAIR : Reconciler.Mode.DRY_RUN;
        Postgres.createDatabaseIfMissing(config.read());
        try (HikariDataSource read = Postgres.pool("order-reconcile-read", config.read());
             HikariDataSource write = Postgres.pool("order-reconcile-write", config.write())) {
            Postgres.migrate(read, ReadModel.MIGRATIONS);
            Jdbi writeDatabase = Jdbi.create(write);
            Reconciler.Report report = new Reconciler(Jdbi.create(read), writeDatabase,
                    new EventStoreReader(writeDatabase, new EventCodec()), config.reconcile().grace(), STANDALONE_RECONCILE_WORK_SHARE,
                    new SimpleMeterRegistry())
                    .run(mode, out);
            for (Drift drift : report.drifted()) {
                out.accept("drifted " + drift.describe());
            }
            for (Drift drift : report.stillDrifted()) {
                out.accept("still drifted " + drift.describe());
            }
            out.accept(report.summary() + (mode == Reconciler.Mode.DRY_RUN ? " (dry run: nothing repaired)" : ""));
            return report.consistent() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("reconcile failed: " + e.getMessage());
            log.error("reconcile failed", e);
            return 1;
        }
    }
}
