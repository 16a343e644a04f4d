package com.acme.orders.localrun;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: the {@link LocalPostgres PostgreSQL} the apps use (an embedded one, started here, when none is
 * configured or running), a Kafka broker, then the command app, the projector, the query app and the two saga
 * participants (inventory and payment services), each its own process from the jar that would be deployed.
 * Output goes to {@code .local/logs/<name>.log} and, prefixed, to the console. A process that dies is reported
 * and restarted; Ctrl-C (or SIGTERM) stops them all.
 * {@code make demo} seeds users and orders into a running system, starting one first if none answers.
 */
public final class LocalRunner {

    static final String SAGAS_ENABLED = "SAGAS_ENABLED";
    /** The broker's heap, named as Kafka's own start scripts name it. */
    static final String KAFKA_HEAP_OPTS = "KAFKA_HEAP_OPTS";
    /**
     * The broker keeps ~40 MB live (metadata, the log cleaner's buffer, request buffers): in the apps' 64 MB heap its
     * old generation stayed ~90 % full and a full collection of ~50 ms stopped it every ten seconds at 25 orders/s,
     * the largest tail of commit → queryable (2026-11-30, BENCHMARKS.md).
     */
    static final String BROKER_HEAP = "-Xms128m -Xmx192m";

    /** JVM options of one process on top of {@code APP_JAVA_OPTS}: the variable that replaces them, and their default. */
    record OwnOptions(String variable, String defaults) {
    }

    static final Map<String, OwnOptions> OWN_OPTIONS = Map.of(
            "order-local-kafka", new OwnOptions(KAFKA_HEAP_OPTS, BROKER_HEAP),
            "order-query-app", new OwnOptions("QUERY_JAVA_OPTS", ""));

    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        RunSettings configured = RunSettings.fromEnv(System.getenv());
        PrintStream out = System.out;
        boolean demo = args.length > 0 && args[0].equals("demo");
        if (demo && Readiness.http(configured.commandUrl() + "/ready").isReady()) {
            out.println("A system answers on " + configured.commandUrl() + "; seeding it.");
            DemoData.seed(configured, out);
            return;
        }
        try {
            kafka(configured);
            apps(configured);
        } catch (MissingJar e) {
            out.println(e.getMessage());
            System.exit(1);
        }
        LocalPostgres postgres;
        try {
            postgres = LocalPostgres.start(configured, System.getenv(), out);
        } catch (LocalPostgres.Unavailable e) {
            out.println(e.getMessage());
            System.exit(1);
            return;
        }
        RunSettings settings = postgres.settings();

        Supervisor supervisor = new Supervisor(out, System.console() != null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println(String.format("%-10s| ", "runner") + "stopping every process");
            supervisor.close();
            if (postgres.kind() == LocalPostgres.Kind.EMBEDDED) {
                out.println(String.format("%-10s| ", "runner") + "stopping the embedded PostgreSQL");
                postgres.close();
            }
            out.println(String.format("%-10s| ", "runner") + "all stopped");
            stopped.countDown();
            // A clean stop on Ctrl-C is a success, not "terminated by signal".
            Runtime.getRuntime().halt(0);
        }, "runner-shutdown"));

        long started = System.nanoTime();
        supervisor.startStage(List.of(kafka(settings)), Duration.ofSeconds(60));
        supervisor.startStage(apps(settings), Duration.ofSeconds(90));
        printWelcome(settings, postgres, out, Duration.ofNanos(System.nanoTime() - started));
        if (demo) {
            DemoData.seed(settings, out);
        }
        stopped.await();
    }

    /** The apps, started together once Kafka is ready. A new app is one method below and one entry here. */
    public static List<ProcessSpec> apps(RunSettings settings) {
        return List.of(commandAppBesideParticipants(settings, System.getenv()), projector(settings),
                queryApp(settings), inventoryService(settings), paymentService(settings));
    }

    public static ProcessSpec kafka(RunSettings settings) {
        return new ProcessSpec("kafka", javaCommand(settings, "order-local-kafka"), Map.of(
                "KAFKA_PORT", Integer.toString(settings.kafkaPort()),
                "KAFKA_CONTROLLER_PORT", Integer.toString(settings.kafkaControllerPort()),
                "KAFKA_DATA_DIR", settings.kafkaDataDir().toString()),
                Readiness.kafka(settings.kafkaBootstrap()), settings.logDir().resolve("kafka.log"));
    }

    /**
     * The command app alone, with the app's own default for sagas (off unless the environment says
     * {@code SAGAS_ENABLED=true}): what the tests and the benchmark start when they run no participants.
     */
    public static ProcessSpec commandApp(RunSettings settings) {
        return new ProcessSpec("command", javaCommand(settings, "order-command-app"), with(databaseEnv(settings), Map.of(
                "HTTP_PORT", Integer.toString(settings.commandPort()),
                "KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap())),
                Readiness.http(settings.commandUrl() + "/ready"), settings.logDir().resolve("command.log"));
    }

    /**
     * The command app as {@code make run} starts it, beside the participants: sagas on ({@code SAGAS_ENABLED=true})
     * unless the runner's environment sets {@code SAGAS_ENABLED} itself, which then reaches the app unchanged.
     */
    static ProcessSpec commandAppBesideParticipants(RunSettings settings, Map<String, String> runnerEnv) {
        ProcessSpec alone = commandApp(settings);
        if (runnerEnv.containsKey(SAGAS_ENABLED)) {
            return alone;
        }
        return new ProcessSpec(alone.name(), alone.command(), with(alone.env(), Map.of(SAGAS_ENABLED, "true")),
                alone.readiness(), alone.logFile());
    }

    public static ProcessSpec projector(RunSettings settings) {
        return new ProcessSpec("projector", javaCommand(settings, "order-projector"), with(databaseEnv(settings), Map.of(
                "ADMIN_PORT", Integer.toString(settings.adminPort()),
                "KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap(),
                // Static membership: after a crash the restarted projector takes its partitions back at once.
                "PROJECTOR_INSTANCE_ID", "local-projector-1")),
                Readiness.http(settings.adminUrl() + "/ready"), settings.logDir().resolve("projector.log"));
    }

    public static ProcessSpec queryApp(RunSettings settings) {
        return queryApp(settings, List.of());
    }

    /**
     * The query app with JVM options of its own after the run's and {@code QUERY_JAVA_OPTS}: its {@code -Xmx} wins, a
     * collector named there replaces theirs (the benchmark's query app over a million orders).
     */
    public static ProcessSpec queryApp(RunSettings settings, List<String> ownOptions) {
        return new ProcessSpec("query", javaCommand(settings, "order-query-app", ownOptions), with(databaseEnv(settings), Map.of(
                "HTTP_PORT", Integer.toString(settings.queryPort()))),
                Readiness.http(settings.queryUrl() + "/ready"), settings.logDir().resolve("query.log"));
    }

    /**
     * The reference inventory participant. Its own variables ({@code INVENTORY_DEFAULT_STOCK}, {@code ADMIN_API_TOKEN},
     * the topics…) reach it from the runner's environment, as every app's do.
     */
    public static ProcessSpec inventoryService(RunSettings settings) {
        return new ProcessSpec("inventory", javaCommand(settings, "inventory-service"), with(databaseEnv(settings), Map.of(
                "INVENTORY_HTTP_PORT", Integer.toString(settings.inventoryPort()),
                "INVENTORY_DB_URL", settings.inventoryDbUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap())),
                Readiness.http(settings.inventoryUrl() + "/ready"), settings.logDir().resolve("inventory.log"));
    }

    /** The reference payment participant ({@code PAYMENT_LIMIT}, {@code ADMIN_API_TOKEN}… from the environment). */
    public static ProcessSpec paymentService(RunSettings settings) {
        return new ProcessSpec("payment", javaCommand(settings, "payment-service"), with(databaseEnv(settings), Map.of(
                "PAYMENT_HTTP_PORT", Integer.toString(settings.paymentPort()),
                "PAYMENT_DB_URL", settings.paymentDbUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap())),
                Readiness.http(settings.paymentUrl() + "/ready"), settings.logDir().resolve("payment.log"));
    }

    /** What every app is told about the database: the URLs and user of the run's {@link LocalPostgres}. */
    static Map<String, String> databaseEnv(RunSettings settings) {
        return Map.of("WRITE_DB_URL", settings.writeDbUrl(), "READ_DB_URL", settings.readDbUrl(),
                "DB_USER", settings.dbUser(), "DB_PASSWORD", settings.dbPassword(),
                // glibc gives each thread that allocates its own malloc arena (up to 8 per core), tens of MB of
                // resident memory a JVM with many threads does not need.
                "MALLOC_ARENA_MAX", "2");
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }

    /** The JVM options {@code module} gets on top of {@code APP_JAVA_OPTS}: its variable's, else its defaults. */
    static List<String> ownOptions(String module, Map<String, String> env) {
        OwnOptions own = OWN_OPTIONS.get(module);
        if (own == null) {
            return List.of();
        }
        return jvmOptions(env.getOrDefault(own.variable(), own.defaults()));
    }

    /**
     * The common options, then the process's own, so that its {@code -Xmx} wins; a collector chosen by its own
     * options replaces the common one (the JVM refuses to start with two).
     */
    static List<String> withOwnOptions(List<String> common, List<String> own) {
        boolean ownCollector = own.stream().anyMatch(LocalRunner::selectsCollector);
        List<String> options = new ArrayList<>();
        common.stream().filter(option -> !(ownCollector && selectsCollector(option))).forEach(options::add);
        options.addAll(own);
        return options;
    }

    private static boolean selectsCollector(String option) {
        return option.matches("-XX:\\+Use\\w+GC");
    }

    /** A variable's JVM options, one per word; none when it is blank. */
    static List<String> jvmOptions(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    private static List<String> javaCommand(RunSettings settings, String module) {
        return javaCommand(settings, module, List.of());
    }

    /** {@code java}, the run's options, the module's own, then {@code extra} (each layer overriding the one before). */
    private static List<String> javaCommand(RunSettings settings, String module, List<String> extra) {
        if (!Files.exists(jar(settings, module))) {
            throw new MissingJar(jar(settings, module));
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(withOwnOptions(withOwnOptions(jvmOptions(settings.javaOptions()),
                ownOptions(module, System.getenv())), extra));
        if (!module.equals("order-local-kafka")) {
            command.addAll(classDataOptions(settings, module));
        }
        command.add("-jar");
        command.add(jar(settings, module).toString());
        return command;
    }

    /**
     * Application class-data sharing: the first start of a jar records the classes it loaded into an archive
     * when it exits; later starts map them instead of loading and verifying them again, which halves the time
     * to ready (query app: 2.3 s → 1.2 s). An archive older than its jar no longer matches it and is made anew.
     * While recording, the JVM warns about every class it cannot archive (generated reflection accessors, classes
     * never linked): a hundred lines on the console at Ctrl-C that need no action, so only errors are shown.
     */
    private static List<String> classDataOptions(RunSettings settings, String module) {
        return classDataOptions(settings.classDataDir().resolve(module + ".jsa"), jar(settings, module));
    }

    static List<String> classDataOptions(Path archive, Path jar) {
        try {
            Files.createDirectories(archive.getParent());
            if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(
                    Files.getLastModifiedTime(jar)) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive);
            }
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the class-data archive " + archive, e);
        }
        return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error,cds+dynamic=error");
    }

    private static Path jar(RunSettings settings, String module) {
        return settings.home().resolve(module).resolve("target").resolve(module + ".jar");
    }

    private static void printWelcome(RunSettings settings, LocalPostgres postgres, PrintStream out, Duration took) {
        out.println("""

                Order service is up (%.1f s):
                  command API  %s      POST /orders, PUT /orders/{id}/status, DELETE /orders/{id}
                  query API    %s      GET /orders, /orders/{id}, /orders/statistics, …
                  projector    %s      /ready, /metrics (admin port)
                  inventory    %s      PUT/GET /stock/{productId} (saga participant)
                  payment      %s      GET /payments?orderId=N (saga participant)
                  Kafka        %s
                  PostgreSQL   %s
                  logs         %s/*.log

                Try:
                  curl -si -X POST %s/orders -H 'Content-Type: application/json' \\
                       -d '{"userId": 42, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99}], "shippingAddress": "1 Main St"}'
                  curl -s %s/orders/1 -H 'Consistency-Token: 1:1'
                  curl -s %s/orders/statistics

                `make demo` (in another terminal) adds users and a few hundred orders. Ctrl-C stops everything.
                """.formatted(took.toMillis() / 1000.0, settings.commandUrl(), settings.queryUrl(), settings.adminUrl(),
                settings.inventoryUrl(), settings.paymentUrl(), settings.kafkaBootstrap(), postgres.description(), settings.logDir(), settings.commandUrl(), settings.queryUrl(),
                settings.queryUrl()));
    }

    /** A process's jar is not built yet. */
    public static final class MissingJar extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MissingJar(Path jar) {
            super("Missing " + jar + "; build first with: mvn package -DskipTests (make run does this)");
        }
    }
}
