package com.acme.orders.bench;

import com.acme.orders.localrun.LocalRunner;
import com.acme.orders.localrun.ProcessSpec;
import com.acme.orders.localrun.Readiness;
import com.acme.orders.localrun.RunSettings;
import com.acme.orders.localrun.SupervisedProcess;
import com.acme.orders.localrun.Supervisor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One benchmark run: starts a broker and the three apps as processes over fresh databases, measures each hot
 * path next to pgbench in the same run, and fills a {@link ResultTable}.
 */
final class Benchmark implements AutoCloseable {

    /**
     * How big and how long.
     *
     * @param writeWarmup    load before the first POST run: the write path spends its first minute mostly in
     *                       the JIT compiler, which a short warm-up missed (BENCHMARKS.md)
     * @param warmup         load before each measured read run, so the JIT has compiled the hot path
     * @param measure        length of each measured run
     * @param catchUpEvents  events waiting in Kafka for the cold projector
     * @param rebuildEvents  events in the store the rebuild reads
     * @param readOrders     orders in the read model the query latencies are measured on
     * @param users          users those orders belong to
     */
    record Sizes(Duration writeWarmup, Duration warmup, Duration measure, long catchUpEvents, long rebuildEvents, long readOrders,
                 long users) {

        static Sizes quick() {
            return new Sizes(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), 20_000, 20_000, 20_000,
                    2_000);
        }

        static Sizes full() {
            return new Sizes(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(15), 1_000_000, 1_000_000,
                    1_000_000, 100_000);
        }
    }

    static final String HOST = "127.0.0.1";
    /** The shared tier of the cached query instances ({@code .ci/run} starts Redis when it is down). */
    private static final String REDIS_URL = System.getenv().getOrDefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    static final String ORDER = """
            {"userId": 42, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99},
             {"productId": "SKU-2", "quantity": 1, "unitPrice": 5.00}], "shippingAddress": "1 Main St",
             "notes": "leave at the door"}""";
    /**
     * The near cache of the query app serving the million orders, and the name its memory is reported under: the
     * 200,000 hot orders take ~100 MB of it, the rest holds ids read twice.
     */
    private static final int LARGE_NEAR_CACHE_MB = 160;
    /**
     * The large query app's heap beside its near cache: a 32 MB young generation, ~64 MB for the rest, and 32 MB
     * more for the garbage that piles up in the old generation between full collections. At 192 + 96 the live old
     * generation was 224 of 256 MB: at the ~35,000 GETs/s that near hits answered ahead of the routes reach, it
     * filled within minutes and a full collection (~340 ms) fell into a measured window (BENCHMARKS.md, 2026-12-02
     * evening).
     */
    private static final int LARGE_HEAP_MB = LARGE_NEAR_CACHE_MB + 128;
    /**
     * The large query app's JVM options, after the run's own.
     * <ul>
     * <li>The heap the cache will fill, committed from the start ({@code -Xms}), and room for the classes the app
     * loads ({@code MetaspaceSize}): growing from {@code -Xms32m} took nine full collections while the cache filled,
     * the last ones 150-400 ms and ~110 s in, inside the measured window; two more ran at the metadata thresholds
     * (BENCHMARKS.md, 2026-12-02 afternoon).</li>
     * <li>The parallel collector, with a fixed 32 MB young generation: the near cache is byte arrays, which no young
     * collection scans, so what a young collection does is copy the requests in flight, and two threads do it in
     * about half the serial collector's time (young pauses p50 1.6 ms against 2.7 ms, GET p99 3.4-4.5 ms against
     * 4.3-6.6 ms by hand; BENCHMARKS.md, 2026-12-03 afternoon). With the cache as objects it was no better than
     * the serial collector: its old generation filled with evicted entries, a full collection of ~100-270 ms.</li>
     * </ul>
     */
    private static final List<String> LARGE_QUERY_APP_OPTIONS = List.of("-XX:+UseParallelGC",
            "-XX:-UseAdaptiveSizePolicy", "-Xms" + LARGE_HEAP_MB + "m", "-Xmx" + LARGE_HEAP_MB + "m", "-Xmn32m",
            "-XX:MetaspaceSize=64m");
    /** Each app's memory limit, at the heap the local run gives it ({@link RunSettings#DEFAULT_HEAP_MB}). */
    private static final int APP_MEMORY_MIB = 200;
    private static final String LARGE_QUERY_APP = "query app over the large read model (near cache "
            + LARGE_NEAR_CACHE_MB + " MB, heap " + LARGE_HEAP_MB + " MB)";
    /** Orders per second that warm the saga path: what a cold saga side confirms without falling behind. */
    private static final double SAGA_WARMUP_RATE = 20;
    /** Distinct paths each view row cycles through (the first of its sequence of requests). */
    private static final int VIEW_PATHS = 10_000;
    /** The query app's liveness probe: Javalin's routes and a tiny JSON, the least any route does. */
    private static final ReadLoad.Paths HEALTH = new ReadLoad.Fixed("/health");
    private static final String[] STATUSES = {"PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED"};
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};

    private final Sizes sizes;
    private final Consumer<String> progress;
    private final ResultTable table = new ResultTable();
    private final Path workDir;
    /** Sends the load of the GET /orders/{id} and statistics rows: wrk when installed, see {@link ReadLoad}. */
    private final ReadLoad readLoad;
    private final RunSettings settings;
    private final Supervisor supervisor;
    private final Rss rss = new Rss();
    private final CpuTime cpu;
    private final List<Database> databases = new ArrayList<>();
    private final Database writeDatabase;
    private final Database readDatabase;
    private final Database pgbenchDatabase;
    private final Database catchUpDatabase;
    private final Database storeDatabase;
    private final Database queryDatabase;
    private final Database sagaDatabase;
    private final Database inventoryDatabase;
    private final Database paymentDatabase;

    Benchmark(Sizes sizes, RunSettings base, Consumer<String> progress) throws IOException {
        this.sizes = sizes;
        this.progress = progress;
        this.workDir = Files.createTempDirectory("order-bench-");
        this.readLoad = ReadLoad.fromEnv(System.getenv(), HOST, workDir);
        String stamp = Long.toString(System.currentTimeMillis() % 100_000_000);
        writeDatabase = database(base, "bench_" + stamp + "_write");
        readDatabase = database(base, "bench_" + stamp + "_read");
        pgbenchDatabase = database(base, "bench_" + stamp + "_pgbench");
        catchUpDatabase = database(base, "bench_" + stamp + "_catchup");
        storeDatabase = database(base, "bench_" + stamp + "_store");
        queryDatabase = database(base, "bench_" + stamp + "_query");
        sagaDatabase = database(base, "bench_" + stamp + "_saga");
        inventoryDatabase = database(base, "bench_" + stamp + "_inventory");
        paymentDatabase = database(base, "bench_" + stamp + "_payments");
        cpu = new CpuTime(writeDatabase, readDatabase);
        cpu.watch("bench client", () -> ProcessHandle.current().pid());
        settings = new RunSettings(base.home(), freePort(), freePort(), workDir.resolve("kafka"), freePort(),
                freePort(), freePort(), writeDatabase.jdbcUrl(), readDatabase.jdbcUrl(), base.dbUser(), base.dbPassword(),
                base.javaOptions(), workDir.resolve("logs"));
        supervisor = new Supervisor(new PrintStream(Files.newOutputStream(workDir.resolve("processes.log")), true,
                StandardCharsets.UTF_8), false);
    }

    /**
     * Runs every phase, or those named in {@code BENCH_PHASES} (create, fresh, staleness, catchup, rebuild,
     * queries, sagas), which helps when working on one of them; rebuild brings catchup with it.
     */
    ResultTable run() throws Exception {
        String only = System.getenv().getOrDefault("BENCH_PHASES",
                "create,fresh,staleness,catchup,rebuild,queries,sagas");
        startSystem();
        if (only.contains("create")) {
            createOrders();
        }
        if (only.contains("fresh")) {
            commitToQueryable();
        }
        if (only.contains("staleness")) {
            staleness();
        }
        // The rebuild replaces the read model the catch-up built, and its query load reads the orders in it: run
        // alone over an empty one, every query of it was a 404 counted as failed.
        if (only.contains("catchup") || only.contains("rebuild")) {
            projectorCatchUp();
        }
        if (only.contains("rebuild")) {
            rebuild();
        }
        if (only.contains("queries")) {
            queries();
        }
        if (only.contains("sagas")) {
            sagas();
        }
        memory();
        return table;
    }

    private void startSystem() {
        progress.accept("starting Kafka and the three apps (logs in " + settings.logDir() + ")");
        SupervisedProcess kafka = supervisor.startStage(List.of(LocalRunner.kafka(settings)), Duration.ofSeconds(60))
                .get(0);
        cpu.watch("kafka broker", pidOf(kafka));
        // A first start of each app records its class-data archive (as the first `make run` does); the
        // measured start is the next one, which uses it.
        for (Supplier<ProcessSpec> app : List.<Supplier<ProcessSpec>>of(() -> LocalRunner.commandApp(settings),
                () -> LocalRunner.projector(settings), () -> LocalRunner.queryApp(settings))) {
            ProcessSpec spec = app.get();
            supervisor.startStage(List.of(new ProcessSpec(spec.name() + "-first-start", spec.command(), spec.env(),
                    spec.readiness(), settings.logDir().resolve(spec.name() + "-first-start.log"))),
                    Duration.ofSeconds(90)).get(0).stop(Duration.ofSeconds(30));
        }
        startApp(LocalRunner.commandApp(settings), "command app");
        startApp(LocalRunner.projector(settings), "projector");
        startApp(LocalRunner.queryApp(settings), "query app");
    }

    /** Starts one app alone (so start-ups do not compete for the cores) and records its time to /ready. */
    private SupervisedProcess startApp(ProcessSpec spec, String label) {
        long started = System.nanoTime();
        SupervisedProcess process = supervisor.startStage(List.of(spec), Duration.ofSeconds(90)).get(0);
        double millis = (System.nanoTime() - started) / 1e6;
        table.atMost("start-up of the " + label + " (process start → /ready 200, class-data archive)", millis, "ms", 2_000);
        rss.watch(label, pidOf(process));
        cpu.watch(label, pidOf(process));
        return process;
    }

    // ---- 1. POST /orders next to pgbench running the same transaction -----------------------------------

    private static final int MAX_RATE_CLIENTS = 8;
    /**
     * The create rate the freshness sweep takes its shares of: POST at 8 clients with the whole system running, as
     * issue 11 defines the maximum ("wrk, 8 connections"). The 32-client row, where the group commit pays off, is
     * higher; BENCHMARKS.md states which of the two each earlier sweep used.
     */
    private double maxCreateRate;

    private void createOrders() throws Exception {
        progress.accept("1. POST /orders (2 items) next to pgbench running the same transaction");
        pgbenchDatabase.create();
        pgbenchDatabase.migrate("db/write");
        byte[] post = HttpLoad.post(HOST, settings.commandPort(), "/orders", ORDER);
        progress.accept("   warming up the write path for " + sizes.writeWarmup().toSeconds() + " s");
        HttpLoad.run(HOST, settings.commandPort(), 32, sizes.writeWarmup(), n -> post);
        Map<Integer, PgBench.Result> limits = new LinkedHashMap<>();
        for (int clients : new int[]{MAX_RATE_CLIENTS, 32}) {
            PgBench.Result limit = PgBench.run(pgbenchDatabase, PgBench.CREATE_ORDER, clients, sizes.measure(), workDir);
            limits.put(clients, limit);
            HttpLoad.Result app = HttpLoad.run(HOST, settings.commandPort(), clients, sizes.measure(), n -> post);
            if (clients == MAX_RATE_CLIENTS) {
                maxCreateRate = app.perSecond();
            }
            createRow("POST /orders, " + clients + " clients, whole system on the cores", app, limit);
        }
        // On these two cores the projector, the query app and the broker take their share of the CPU while
        // orders pour in; deployed, they run elsewhere. Measured again without the read side, relay still on.
        progress.accept("   again with the projector and the query app stopped (the relay and the broker still run)");
        List<SupervisedProcess> readSide = List.of(supervisor.process("projector"), supervisor.process("query"));
        readSide.forEach(process -> process.stop(Duration.ofSeconds(20)));
        for (Map.Entry<Integer, PgBench.Result> limit : limits.entrySet()) {
            HttpLoad.Result app = HttpLoad.run(HOST, settings.commandPort(), limit.getKey(), sizes.measure(), n -> post);
            createRow("POST /orders, " + limit.getKey() + " clients, read side stopped", app, limit.getValue());
        }
        readSide.forEach(SupervisedProcess::start);
        readSide.forEach(process -> process.awaitReady(Duration.ofSeconds(90)));
        // The next phase measures freshness in a steady state, not the catch-up on what piled up meanwhile.
        awaitReadSideCaughtUp();
    }

    private void createRow(String label, HttpLoad.Result app, PgBench.Result limit) {
        double ratio = app.perSecond() / limit.tps();
        table.add(new ResultTable.Row(label,
                rate(app.perSecond()) + ", p50 " + ms(app.p50Millis()) + ", p99 " + ms(app.p99Millis())
                        + (app.errors() > 0 ? ", " + app.errors() + " errors" : ""),
                "pgbench " + rate(limit.tps()) + ", p50 " + ms(limit.p50Millis()) + ", p99 " + ms(limit.p99Millis()),
                ratio, "≥ 0.60×", ratio >= 0.6 && app.errors() == 0));
        progress.accept("   " + label + ": app " + rate(app.perSecond()) + ", pgbench " + rate(limit.tps()));
    }

    // ---- 2. commit → queryable at 1, 10, 25 and 50 % of the maximum create rate -------------------------

    private static final double[] FRESHNESS_SHARES = {0.01, 0.10, 0.25, 0.50};
    /** How long each process's idle CPU is sampled before each freshness rate. */
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);
    /** The share of the create rate the chain is warmed at before the sweep: high enough to compile it in minutes. */
    private static final double WARM_SHARE = 0.25;
    /** The JIT has compiled the chain once its threads together use less than this share of a core. */
    private static final double JIT_SETTLED_CORES = 0.05;
    private static final Duration WARM_SLICE = Duration.ofSeconds(20);
    private static final String[] HOPS = {"outbox_wait", "relay_commit", "relay_to_projector", "projection",
            "notify_to_answer"};

    /**
     * The client-side probe at each share of the create rate measured in this run, the read side caught up before
     * each, and the per-hop timers ({@code freshness_hop_seconds}) scraped from the three apps before and after.
     */
    private void commitToQueryable() throws InterruptedException {
        double max = maxCreateRate > 0 ? maxCreateRate
                : Double.parseDouble(System.getenv().getOrDefault("BENCH_MAX_CREATE_RATE", "2000"));
        Duration measure = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_FRESH_SECONDS",
                Long.toString(sizes.measure().toSeconds()))));
        progress.accept("2. commit → queryable at 1, 10, 25, 50 % of " + rate(max) + " ("
                + (maxCreateRate > 0 ? "POST at " + MAX_RATE_CLIENTS + " clients above" : "BENCH_MAX_CREATE_RATE") + ")");
        warmUntilCompiled(max * WARM_SHARE);
        for (double share : FRESHNESS_SHARES) {
            double rate = max * share;
            awaitReadSideCaughtUp();
            // What each process spends while idle (heartbeats, meters, the JIT), so it can be told from the per-order cost.
            Map<String, Double> idleBefore = cpu.snapshot();
            long idleStarted = System.nanoTime();
            Thread.sleep(IDLE_SAMPLE.toMillis());
            Map<String, Double> idle = CpuTime.since(idleBefore, cpu.snapshot());
            double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;
            Map<String, PrometheusHistogram> before = scrapeHops();
            Map<String, Double> cpuBefore = cpu.snapshot();
            long measureStarted = System.nanoTime();
            FreshnessProbe.Result client = FreshnessProbe.run(HOST, settings.commandPort(), settings.queryPort(),
                    rate, measure, ORDER);
            Map<String, Double> cpuUsed = CpuTime.since(cpuBefore, cpu.snapshot());
            double measuredSeconds = (System.nanoTime() - measureStarted) / 1e9;
            Map<String, PrometheusHistogram> after = scrapeHops();
            boolean sustained = client.sustained(rate);
            String label = String.format("commit → queryable at %s (%.0f %% of max), client, ≤ %d in flight",
                    rate(rate), share * 100, FreshnessProbe.MAX_IN_FLIGHT);
            String figure = client.summary(rate);
            boolean lowRate = share <= 0.10;
            boolean pass = client.stale() == 0 && client.failed() == 0 && sustained
                    && client.p99Millis() <= (lowRate ? 25 : 50) && (!lowRate || client.p50Millis() <= 10);
            table.add(new ResultTable.Row(label, figure, "", Double.NaN,
                    lowRate ? "p50 ≤ 10 ms, p99 ≤ 25 ms, none stale, sustained" : "p99 ≤ 50 ms, none stale, sustained",
                    pass));
            StringBuilder hops = new StringBuilder();
            for (String hop : HOPS) {
                PrometheusHistogram delta = after.get(hop).since(before.get(hop));
                hops.append(hops.isEmpty() ? "" : "; ").append(hop).append(" ").append(delta.count() == 0
                        ? "no samples"
                        : ms(delta.percentile(50) * 1000) + "/" + ms(delta.percentile(99) * 1000));
            }
            table.add(new ResultTable.Row("  per hop at " + rate(rate) + " (p50/p99, server histograms)",
                    hops.toString(), "", Double.NaN, "breakdown, no target", true));
            String perOrder = CpuTime.perUnit(cpuUsed, client.sent(), (process, seconds) -> {
                double idleShare = idle.getOrDefault(process, 0.0) / idleSeconds * measuredSeconds;
                return String.format(" (%.2f net of idle)",
                        Math.max(0, seconds - idleShare) * 1000 / Math.max(1, client.sent()));
            });
            table.add(new ResultTable.Row("  CPU per order (create + token read) at " + rate(rate)
                    + ", /proc/<pid>/stat", perOrder, "", Double.NaN, "breakdown, no target", true));
            progress.accept("   " + label + ": " + figure);
            progress.accept("   hops: " + hops);
            progress.accept("   CPU per order: " + perOrder);
        }
    }

    /**
     * Sends creates and token reads at {@code rate} in slices until the JIT compiler threads of the system's processes
     * use less than {@value #JIT_SETTLED_CORES} of a core over a slice (or {@code BENCH_FRESH_WARMUP_MAX} has passed),
     * and reports how long that took. The create phase never sent a token read, and at the sweep's low rates the
     * methods of the chain reach the compiler's thresholds slowly: six minutes after a start the chain ran at p50
     * 25 ms and p99 170 ms at 240/s, and once compiled at p50 8.5 ms and p99 39 ms (BENCHMARKS.md, 2026-12-02). The
     * issue measures the system warm; what a cold one does is this warm-up's own row.
     */
    private void warmUntilCompiled(double rate) {
        Duration cap = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_FRESH_WARMUP_MAX",
                Long.toString(sizes.writeWarmup().multipliedBy(8).toSeconds()))));
        progress.accept("   warming the whole chain at " + rate(rate) + " until the JIT has compiled it (at most "
                + cap.toSeconds() + " s)");
        long started = System.nanoTime();
        List<String> slices = new ArrayList<>();
        double jitCores;
        Duration elapsed;
        do {
            Map<String, Double> compilersBefore = cpu.compilerSnapshot();
            long sliceStarted = System.nanoTime();
            FreshnessProbe.Result client = FreshnessProbe.run(HOST, settings.commandPort(), settings.queryPort(), rate,
                    WARM_SLICE, ORDER);
            double seconds = (System.nanoTime() - sliceStarted) / 1e9;
            jitCores = CpuTime.total(CpuTime.since(compilersBefore, cpu.compilerSnapshot())) / seconds;
            elapsed = Duration.ofNanos(System.nanoTime() - started);
            String figure = String.format("p99 %s, JIT %.0f %%", ms(client.p99Millis()), jitCores * 100);
            slices.add(figure);
            progress.accept("   warming, " + elapsed.toSeconds() + " s: " + client.summary(rate) + ", JIT threads "
                    + String.format("%.0f %% of a core", jitCores * 100));
        } while (jitCores > JIT_SETTLED_CORES && elapsed.compareTo(cap) < 0);
        table.add(new ResultTable.Row(String.format("  warm-up before the sweep at %s, %d s (slices of %d s: client p99, "
                        + "JIT threads' share of a core)", rate(rate), elapsed.toSeconds(), WARM_SLICE.toSeconds()),
                String.join(" → ", slices), "", Double.NaN,
                String.format("until the JIT uses < %.0f %% of a core", JIT_SETTLED_CORES * 100),
                jitCores <= JIT_SETTLED_CORES));
    }

    /** The buckets of each hop's timer, from the app where the hop ends. */
    private Map<String, PrometheusHistogram> scrapeHops() {
        Map<String, PrometheusHistogram> hops = new LinkedHashMap<>();
        for (String hop : HOPS) {
            String app = switch (hop) {
                case "outbox_wait", "relay_commit" -> settings.commandUrl();
                case "relay_to_projector", "projection" -> settings.adminUrl();
                default -> settings.queryUrl();
            };
            hops.put(hop, PrometheusHistogram.scrape(app + "/metrics", "freshness_hop_seconds", "hop=\"" + hop + "\""));
        }
        return hops;
    }

    /** Waits until every placed order is in the read model, so that a rate does not measure the last one's backlog. */
    private void awaitReadSideCaughtUp() throws InterruptedException {
        long placed = writeDatabase.queryLong("SELECT count(*) FROM orders");
        long projected;
        while ((projected = readDatabase.queryLong("SELECT count(*) FROM order_read_models")) < placed) {
            progress.accept("   projector catching up: " + projected + " of " + placed + " orders");
            Thread.sleep(1_000);
        }
    }

    // ---- 2b. no answer older than the invalidation window, through every cache tier --------------------

    private void staleness() throws Exception {
        Duration window = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("BENCH_STALENESS_WINDOW_MS", "100")));
        progress.accept("2b. staleness through two cached query instances and Redis (window " + window.toMillis() + " ms)");
        List<Integer> ports = new ArrayList<>();
        List<SupervisedProcess> instances = new ArrayList<>();
        for (String name : List.of("query-cached-a", "query-cached-b")) {
            int port = freePort();
            instances.add(startQueryApp(name, settings.readDbUrl(), port, Map.of("CACHE_REDIS_URL", REDIS_URL)));
            ports.add(port);
        }
        String lag = "cache_invalidation_lag_seconds";
        List<PrometheusHistogram> before = new ArrayList<>();
        for (int port : ports) {
            before.add(PrometheusHistogram.scrape(metricsUrl(port), lag));
        }
        StalenessChecker.Result result = StalenessChecker.run(HOST, settings.commandPort(), ports, readDatabase,
                sizes.measure(), window, ORDER);
        double worstP99 = 0;
        for (int i = 0; i < ports.size(); i++) {
            worstP99 = Math.max(worstP99, PrometheusHistogram.scrape(metricsUrl(ports.get(i)), lag)
                    .since(before.get(i)).percentile(99) * 1000);
        }
        for (SupervisedProcess instance : instances) {
            instance.stop(Duration.ofSeconds(30));
        }
        table.add(new ResultTable.Row("answers older than the invalidation window (" + window.toMillis()
                + " ms), 2 query instances + Redis",
                result.violations() + " of " + result.reads() + " reads (" + result.rounds() + " write→read rounds, "
                        + result.staleWithinWindow() + " stale within the window, oldest stale answer "
                        + ms(result.maxStaleMillis()) + ", " + result.failed() + " failed)",
                "", Double.NaN, "0", result.violations() == 0 && result.rounds() > 0 && result.failed() == 0));
        table.atMost("cache invalidation lag p99 (read model change → entry gone), worst instance", worstP99, "ms",
                window.toMillis());
    }

    private SupervisedProcess startQueryApp(String name, String readDbUrl, int port, Map<String, String> extra) {
        return startQueryApp(name, readDbUrl, port, extra, List.of());
    }

    /** As above, with JVM options of its own ({@link LocalRunner#queryApp(RunSettings, List)}). */
    private SupervisedProcess startQueryApp(String name, String readDbUrl, int port, Map<String, String> extra,
                                            List<String> jvmOptions) {
        ProcessSpec query = LocalRunner.queryApp(settings, jvmOptions);
        Map<String, String> env = new HashMap<>(Map.of("READ_DB_URL", readDbUrl, "HTTP_PORT", Integer.toString(port)));
        env.putAll(extra);
        return supervisor.startStage(List.of(onOwnPort(query, name, port, env)), Duration.ofSeconds(90)).get(0);
    }

    // ---- 3. a cold projector catching up on a million waiting events ------------------------------------

    private void projectorCatchUp() throws Exception {
        progress.accept("3. projector catch-up: " + sizes.catchUpEvents() + " events waiting in Kafka, projector cold");
        String topic = "bench-catchup-" + System.currentTimeMillis() % 100_000;
        long orders = SyntheticData.ordersFor(sizes.catchUpEvents());
        long events = SyntheticData.produce(settings.kafkaBootstrap(), topic, 6, orders, progress);
        long end = endOffsets(topic);
        catchUpDatabase.create();
        int adminPort = freePort();
        ProcessSpec base = LocalRunner.projector(settings);
        Map<String, String> env = new HashMap<>(base.env());
        env.put("READ_DB_URL", catchUpDatabase.jdbcUrl());
        env.put("ORDER_EVENTS_TOPIC", topic);
        env.put("PROJECTOR_GROUP_ID", topic);
        env.put("PROJECTOR_INSTANCE_ID", topic);
        env.put("ADMIN_PORT", Integer.toString(adminPort));
        ProcessSpec spec = new ProcessSpec("projector-catchup", base.command(), env,
                Readiness.http("http://localhost:" + adminPort + "/health"),
                settings.logDir().resolve("projector-catchup.log"));
        // The steady-state projector would compete for the two cores; it has nothing to do now anyway.
        supervisor.process("projector").stop(Duration.ofSeconds(20));
        long started = System.nanoTime();
        SupervisedProcess catchUp = supervisor.startStage(List.of(spec), Duration.ofSeconds(90)).get(0);
        rss.watch("projector (catching up)", pidOf(catchUp));
        long lastReport = System.nanoTime();
        long consumed;
        while ((consumed = storedOffsets(topic)) < end) {
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(3)) {
                progress.accept("   caught up " + consumed + " of " + end + " offsets");
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        catchUp.stop(Duration.ofSeconds(20));
        rss.forget("projector (catching up)");
        table.add(new ResultTable.Row("projector catch-up from cold (process start → last offset stored)",
                rate(events / seconds).replace("/s", " events/s") + " (" + events + " events in "
                        + String.format("%.1f s", seconds) + ")", "", Double.NaN, "≥ 30,000 events/s",
                events / seconds >= 30_000));
    }

    // ---- 4. rebuild of a million-event store, with queries answered throughout --------------------------

    private void rebuild() throws Exception {
        progress.accept("4. rebuild of a " + sizes.rebuildEvents() + "-event store while queries are served");
        storeDatabase.create();
        storeDatabase.migrate("db/write");
        long orders = SyntheticData.ordersFor(sizes.rebuildEvents());
        long events = SyntheticData.fillEventStore(storeDatabase, orders, progress);
        int queryPort = freePort();
        ProcessSpec query = LocalRunner.queryApp(settings);
        Map<String, String> env = new HashMap<>(query.env());
        env.put("READ_DB_URL", catchUpDatabase.jdbcUrl());
        env.put("HTTP_PORT", Integer.toString(queryPort));
        SupervisedProcess reader = supervisor.startStage(List.of(new ProcessSpec("query-during-rebuild",
                query.command(), env, Readiness.http("http://localhost:" + queryPort + "/ready"),
                settings.logDir().resolve("query-during-rebuild.log"))), Duration.ofSeconds(90)).get(0);

        long knownOrders = Math.max(1, catchUpDatabase.queryLong("SELECT count(*) FROM order_read_models"));
        List<String> command = new ArrayList<>(LocalRunner.projector(settings).command());
        command.add("rebuild");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(LocalRunner.projector(settings).env());
        builder.environment().put("READ_DB_URL", catchUpDatabase.jdbcUrl());
        builder.environment().put("WRITE_DB_URL", storeDatabase.jdbcUrl());
        Path output = settings.logDir().resolve("rebuild.log");
        builder.redirectOutput(output.toFile());
        HttpLoad.Running queries = HttpLoad.start(HOST, queryPort, 2, n ->
                n % 10 == 0 ? HttpLoad.get(HOST, queryPort, "/orders/statistics")
                        : HttpLoad.get(HOST, queryPort, "/orders/" + (1 + Math.floorMod(n * 7919L, knownOrders))));
        long started = System.nanoTime();
        Process rebuild = builder.start();
        int exit = rebuild.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        HttpLoad.Result served = queries.stop();
        for (String line : Files.readAllLines(output)) {
            if (line.startsWith("rebuild:")) {
                progress.accept("   " + line);
            }
        }
        reader.stop(Duration.ofSeconds(20));
        if (exit != 0) {
            throw new IllegalStateException("rebuild failed; see " + output);
        }
        table.add(new ResultTable.Row("rebuild of the read model from a " + events + "-event store",
                String.format("%.1f s; meanwhile %d queries answered, %d failed, p99 %s", seconds, served.requests(),
                        served.errors(), ms(served.p99Millis())), "", Double.NaN, "≤ 60 s, no failed query",
                seconds <= 60 && served.errors() == 0));
    }

    // ---- 5 and 6. queries on a million orders ------------------------------------------------------------

    private void queries() throws Exception {
        progress.accept("5/6. queries on " + sizes.readOrders() + " orders");
        int queryPort = freePort();
        // Sized for the hot set, as a deployment serving it would be: 200,000 hot orders take ~70 MB of near cache
        // (~340 bytes each, header included); the 64 MB default heap's 8 MB hold ~25,000 (a near hit ratio of ~10 %).
        SupervisedProcess reader = startQueryApp("query-large", queryDatabase.jdbcUrl(), queryPort,
                Map.of("CACHE_REDIS_URL", REDIS_URL, "CACHE_NEAR_MAX_MB", Integer.toString(LARGE_NEAR_CACHE_MB)),
                LARGE_QUERY_APP_OPTIONS);
        rss.watch(LARGE_QUERY_APP, pidOf(reader));
        SyntheticData.fillReadModel(queryDatabase, sizes.readOrders(), sizes.users(), progress);
        long orders = sizes.readOrders();

        progress.accept("   GET /orders/{id} and statistics load sent by the " + readLoad.generator());
        ReadLoad.HotOrders byId = new ReadLoad.HotOrders(orders);
        warmHotSet(queryPort, byId.hot());
        int clients = 16;
        // Warm as the write path is (sizes.writeWarmup(), 60 s), at the measured concurrency: after the 5 s this
        // once had, the JIT was still compiling the request path in the measured window (p99 7.0-7.2 ms here,
        // 3.1-4.3 ms by hand after 60 s).
        readLoad.run(queryPort, clients, sizes.writeWarmup(), byId);
        PgBench.Result limit = PgBench.run(queryDatabase, PgBench.READ_ORDER_HOT, clients, sizes.measure(), workDir,
                "maxid=" + orders, "hot=" + byId.hot());
        String metrics = metricsUrl(queryPort);
        String before = PrometheusText.fetch(metrics);
        StolenCpu stolenBefore = StolenCpu.now();
        // Other ids than the warm-up's, in the same mix: repeating its sequence measured the near cache alone.
        ReadLoad.Result app = readLoad.run(queryPort, clients, sizes.measure(), byId.next());
        double stolen = StolenCpu.now().percentSince(stolenBefore);
        String after = PrometheusText.fetch(metrics);
        // What no cache could do better in this run, on the same app under the same load: every answer a near hit
        // (the warm-up's ids again; its 60 s read each of them), and GET /health, the routes with nothing to look up.
        ReadLoad.Result nearOnly = readLoad.run(queryPort, clients, sizes.measure(), byId);
        String afterNearOnly = PrometheusText.fetch(metrics);
        ReadLoad.Result health = readLoad.run(queryPort, clients, sizes.measure(), HEALTH);
        double ratio = app.perSecond() / limit.tps();
        table.add(new ResultTable.Row("GET /orders/{id}, " + clients + " clients, 80% of requests on 20% of "
                + orders + " ids, near cache" + (REDIS_URL.isBlank() ? " only (BENCH_REDIS_URL empty)" : " + Redis"),
                rate(app.perSecond()) + ", p50 " + ms(app.p50Millis()) + ", p99 " + ms(app.p99Millis())
                        + errors(app) + " (" + app.generator() + "); " + cacheTiers(before, after) + "; "
                        + pauses(before, after, sizes.measure()) + String.format("; %.0f %% of the CPU stolen", stolen),
                "pgbench " + rate(limit.tps()) + ", p99 " + ms(limit.p99Millis()) + "; the same app, same load: "
                        + "the warm-up's ids again " + rate(nearOnly.perSecond()) + ", p99 " + ms(nearOnly.p99Millis())
                        + errors(nearOnly) + " (" + nearHitShare(after, afterNearOnly) + "), GET /health "
                        + rate(health.perSecond()) + ", p99 " + ms(health.p99Millis()) + errors(health),
                ratio, "≥ 0.50×, p99 ≤ 5 ms", ratio >= 0.5 && app.p99Millis() <= 5 && app.errors() == 0));

        // Statistics with the cache against the same app with it off, one after the other.
        int uncachedPort = freePort();
        SupervisedProcess uncached = startQueryApp("query-uncached", queryDatabase.jdbcUrl(), uncachedPort,
                Map.of("CACHE_NEAR_MAX_MB", "0"));
        ReadLoad.Paths statistics = new ReadLoad.Fixed("/orders/statistics");
        readLoad.run(uncachedPort, 4, sizes.warmup(), statistics);
        ReadLoad.Result withoutCache = readLoad.run(uncachedPort, 4, sizes.measure(), statistics);
        uncached.stop(Duration.ofSeconds(30));
        readLoad.run(queryPort, 4, sizes.warmup(), statistics);
        ReadLoad.Result withCache = readLoad.run(queryPort, 4, sizes.measure(), statistics);
        // The ceiling of any answer through the routes at this concurrency, which 10× uncached would have to pass.
        ReadLoad.Result healthAtFour = readLoad.run(queryPort, 4, sizes.measure(), HEALTH);
        double statsRatio = withCache.perSecond() / withoutCache.perSecond();
        table.add(new ResultTable.Row("GET /orders/statistics, 4 clients, cached vs uncached",
                rate(withCache.perSecond()) + ", p99 " + ms(withCache.p99Millis()) + errors(withCache) + " ("
                        + withCache.generator() + ")",
                "uncached " + rate(withoutCache.perSecond()) + ", p99 " + ms(withoutCache.p99Millis())
                        + errors(withoutCache) + " (" + withoutCache.generator() + "); 10× would be "
                        + rate(10 * withoutCache.perSecond()) + "; GET /health, 4 clients, the same app: "
                        + rate(healthAtFour.perSecond()) + errors(healthAtFour), statsRatio,
                "≥ 10×", statsRatio >= 10 && withCache.errors() == 0 && withoutCache.errors() == 0));
        // The "uncached" above is the trigger-kept six-row table, itself a cache of the aggregate: its rate is
        // near the HTTP stack's, which no cache can pass tenfold. What the two together save is the aggregate.
        PgBench.Result aggregate = PgBench.run(queryDatabase, PgBench.STATISTICS_FROM_THE_ORDERS, 4, sizes.warmup(),
                workDir);
        double fromOrdersRatio = withCache.perSecond() / aggregate.tps();
        table.add(new ResultTable.Row("GET /orders/statistics cached vs computing them from the " + orders + " orders",
                rate(withCache.perSecond()) + " (the row above)", "pgbench, the aggregate: " + rate(aggregate.tps())
                        + ", p99 " + ms(aggregate.p99Millis()), fromOrdersRatio, "≥ 10×",
                fromOrdersRatio >= 10 && withCache.errors() == 0));

        String page100 = cursorOfPage(queryPort, 100);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Each view's requests as a function of n, sent by the same generator as the GET row (wrk when present):
        // the Java client's four threads took a share of the two cores the app and PostgreSQL share.
        Map<String, LongFunction<String>> views = new LinkedHashMap<>();
        views.put("GET /orders/statistics", n -> "/orders/statistics");
        views.put("GET /orders/user/{userId}", n -> "/orders/user/" + (1 + Math.floorMod(n * 7919L, sizes.users())));
        views.put("GET /orders/status/{status}", n -> "/orders/status/" + STATUSES[Math.floorMod(n, STATUSES.length)]);
        views.put("GET /orders/date-range (one day)", n -> {
            String day = today.minusDays(Math.floorMod(n * 31L, 365)).toString();
            return "/orders/date-range?from=" + day + "&to=" + day;
        });
        views.put("GET /orders/search/username", n -> "/orders/search/username?username="
                + (n % 2 == 0 ? NAMES[Math.floorMod(n, NAMES.length)].substring(0, 3)
                : "user" + (1 + Math.floorMod(n * 7919L, sizes.users())) + "_"));
        views.put("GET /orders/amount-greater-than", n -> "/orders/amount-greater-than?amount=" + Math.floorMod(n * 37L, 1000));
        views.put("GET /orders, page 100", n -> "/orders?cursor=" + page100);
        for (Map.Entry<String, LongFunction<String>> view : views.entrySet()) {
            ReadLoad.Cycle paths = ReadLoad.Cycle.of(VIEW_PATHS, view.getValue());
            readLoad.run(queryPort, 4, sizes.warmup(), paths);
            ReadLoad.Result result = readLoad.run(queryPort, 4, sizes.measure(), paths);
            table.add(new ResultTable.Row(view.getKey() + " p99 at " + orders + " orders",
                    ms(result.p99Millis()) + " (p50 " + ms(result.p50Millis()) + ", " + rate(result.perSecond())
                            + errors(result) + ", " + result.generator() + ")",
                    "", Double.NaN, "≤ 10 ms", result.p99Millis() <= 10 && result.errors() == 0));
        }
    }

    /** The {@code /metrics} of an app on this host. */
    private static String metricsUrl(int port) {
        return "http://" + HOST + ":" + port + "/metrics";
    }

    /**
     * Where the lookups between two scrapes of the query app were answered: the near cache's share, how many of the
     * rest asked Redis (not all do while it rarely answers) and its share of them, and the Redis commands that failed
     * (each starts an outage in which Redis is skipped for a second), so that a tail in the row can be told apart
     * from a shared tier that stalled.
     */
    private static String cacheTiers(String before, String after) {
        double nearMisses = gets(before, after, "miss", "near");
        double redisHits = gets(before, after, "hit", "redis");
        double asked = redisHits + gets(before, after, "miss", "redis");
        double failures = PrometheusText.increase(before, after, "cache_redis_failures_total");
        return nearHitShare(before, after) + String.format(", Redis asked on %.0f %% of the rest and answered %.0f %%"
                + " of it, %.0f Redis failures", 100 * asked / Math.max(1, nearMisses),
                100 * redisHits / Math.max(1, nearMisses), failures);
    }

    /** The near cache's share of the lookups between two scrapes of the query app. */
    private static String nearHitShare(String before, String after) {
        double hits = gets(before, after, "hit", "near");
        return String.format("near hits %.0f %%", 100 * hits / Math.max(1, hits + gets(before, after, "miss", "near")));
    }

    /** Cache lookups of one result in one tier between two scrapes. */
    private static double gets(String before, String after, String result, String tier) {
        return PrometheusText.increase(before, after, "cache_gets_total", "result=\"" + result + "\"",
                "tier=\"" + tier + "\"");
    }

    /**
     * The query app's collector pauses between two scrapes ({@code jvm_gc_pause_seconds}): how many, and the share of
     * the window they stopped it for, which is what a GET's tail is made of when it is more than ~1 %.
     */
    private static String pauses(String before, String after, Duration window) {
        double count = PrometheusText.increase(before, after, "jvm_gc_pause_seconds_count");
        double seconds = PrometheusText.increase(before, after, "jvm_gc_pause_seconds_sum");
        return String.format("%.0f collector pauses, %.1f %% of the time stopped", count,
                100 * seconds / (window.toMillis() / 1000.0));
    }

    /**
     * Reads every order of the hot set once, as the traffic of the hours before would have: the row measures a
     * query app in its steady state, not one filling its cache (200,000 first reads at the miss path's rate).
     */
    private void warmHotSet(int port, long hot) throws InterruptedException {
        long started = System.nanoTime();
        AtomicLong next = new AtomicLong();
        HttpLoad.Running warming = HttpLoad.start(HOST, port, 8, n -> {
            long id = SyntheticData.existing(1 + Math.floorMod(next.getAndIncrement(), hot));
            return HttpLoad.get(HOST, port, "/orders/" + id);
        });
        while (next.get() < hot) {
            Thread.sleep(200);
        }
        HttpLoad.Result result = warming.stop();
        progress.accept(String.format("   near cache warmed with the %d hot orders in %.1f s (%d errors)", hot,
                (System.nanoTime() - started) / 1e9, result.errors()));
    }

    /** Walks {@code page - 1} pages of GET /orders and returns the cursor that starts page {@code page}. */
    private static String cursorOfPage(int port, int page) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Pattern next = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        String cursor = null;
        for (int i = 1; i < page; i++) {
            String url = "http://" + HOST + ":" + port + "/orders" + (cursor == null ? ""
                    : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            String body = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = next.matcher(body);
            if (!matcher.find()) {
                throw new IllegalStateException("fewer than " + page + " pages of orders");
            }
            cursor = matcher.group(1);
        }
        return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    // ---- 7. memory ---------------------------------------------------------------------------------------

    private void memory() {
        // A process whose phase did not run has no row: before, it showed 0 MiB and passed.
        for (String app : List.of("command app", "projector", "projector (catching up)", "query app")) {
            rss.maxMib(app).ifPresent(mib -> table.atMost("resident memory under load, " + app, mib, "MiB",
                    APP_MEMORY_MIB));
        }
        // The same limit plus the heap it is given beyond the others' (the near cache and room for it): the cache
        // fills its heap, committed at start, so each megabyte of it is resident.
        rss.maxMib(LARGE_QUERY_APP).ifPresent(mib -> table.atMost("resident memory under load, " + LARGE_QUERY_APP,
                mib, "MiB", APP_MEMORY_MIB + LARGE_HEAP_MB - RunSettings.DEFAULT_HEAP_MB));
    }

    // ---- 6. place-order sagas: orders reaching CONFIRMED, and how fast ----------------------------------

    /**
     * A second command app with {@code SAGAS_ENABLED} over its own database and topics, and the inventory and
     * payment services as processes. First 32 clients post for the measured time: how many orders reached
     * CONFIRMED per second in that window, against the POST rate. Then orders are posted at half that
     * confirmed rate: placement (the saga's start, in the create's transaction) to CONFIRMED, from the saga rows.
     */
    private void sagas() throws Exception {
        progress.accept("6. place-order sagas: a command app with SAGAS_ENABLED, the inventory and payment services");
        int commandPort = freePort();
        int inventoryPort = freePort();
        int paymentPort = freePort();
        Map<String, String> topics = Map.of("ORDER_EVENTS_TOPIC", "bench-saga-order-events",
                "RELAY_TRANSACTIONAL_ID", "bench-saga-relay", "SAGAS_ENABLED", "true",
                "COMMAND_API_TOKEN", "");
        Map<String, String> commandEnv = new HashMap<>(topics);
        commandEnv.put("HTTP_PORT", Integer.toString(commandPort));
        commandEnv.put("WRITE_DB_URL", sagaDatabase.jdbcUrl());
        List<SupervisedProcess> sagaSide = supervisor.startStage(List.of(
                onOwnPort(LocalRunner.commandApp(settings), "saga-command", commandPort, commandEnv),
                // Stock for every order the run places: this row measures the saga's pace, not a stock-out.
                onOwnPort(LocalRunner.inventoryService(settings), "inventory", inventoryPort, Map.of(
                        "INVENTORY_HTTP_PORT", Integer.toString(inventoryPort),
                        "INVENTORY_DB_URL", inventoryDatabase.jdbcUrl(), "INVENTORY_DEFAULT_STOCK", "1000000000",
                        "ADMIN_API_TOKEN", "")),
                onOwnPort(LocalRunner.paymentService(settings), "payment", paymentPort, Map.of(
                        "PAYMENT_HTTP_PORT", Integer.toString(paymentPort),
                        "PAYMENT_DB_URL", paymentDatabase.jdbcUrl(), "ADMIN_API_TOKEN", ""))),
                Duration.ofSeconds(90));
        try {
            byte[] post = HttpLoad.post(HOST, commandPort, "/orders", ORDER);
            // Warm, not flooded: four fresh processes compile their saga paths for minutes on two cores (C2
            // threads took a quarter of the CPU three minutes after a start), and a warm-up burst left
            // thousands of sagas queued into the measured window, where the 30 s step timeout compensated them.
            // Three times the write path's warm-up: `make run` warm for six minutes confirmed 25 orders/s with
            // p99 231 ms, after 2.5 minutes 20/s with p99 474 ms.
            Duration warmup = sizes.writeWarmup().multipliedBy(3);
            progress.accept("   warming the saga path for " + warmup.toSeconds() + " s at " + rate(SAGA_WARMUP_RATE));
            pacedPosts(commandPort, SAGA_WARMUP_RATE, warmup);
            awaitSagasSettled(Duration.ofMinutes(2));
            awaitParticipantsIdle(Duration.ofMinutes(2));

            java.time.Instant from = java.time.Instant.now();
            HttpLoad.Result placed = HttpLoad.run(HOST, commandPort, 32, sizes.measure(), n -> post);
            java.time.Instant to = java.time.Instant.now();
            double seconds = Duration.between(from, to).toNanos() / 1e9;
            double confirmed = sagaDatabase.queryLong("SELECT count(*) FROM sagas WHERE step = 'CONFIRMED'"
                    + " AND finished_at BETWEEN '" + from + "' AND '" + to + "'") / seconds;
            double ratio = confirmed / placed.perSecond();
            table.add(new ResultTable.Row("sagas: orders reaching CONFIRMED, 32 clients posting",
                    rate(confirmed) + " confirmed", "POST " + rate(placed.perSecond()) + " in the same window",
                    ratio, "≥ 0.50×", ratio >= 0.5 && placed.errors() == 0));
            progress.accept("   confirmed " + rate(confirmed) + " while " + rate(placed.perSecond()) + " were placed");
            awaitSagasSettled(Duration.ofMinutes(2));
            // Settled sagas still leave work queued: late reservations of cancelled sagas and their releases. The
            // paced window measures a saga on a drained system, not one waiting behind that queue.
            awaitParticipantsIdle(Duration.ofMinutes(2));

            double half = Math.max(1, confirmed / 2);
            // How long orders are posted at that rate before the window whose sagas are measured (30 s in full).
            Duration pacedWarmup = sizes.writeWarmup().dividedBy(2);
            progress.accept("   placement → CONFIRMED at " + rate(half) + " (half the confirmed rate), after "
                    + pacedWarmup.toSeconds() + " s at that rate");
            // Warm at the measured rate, then measured: the burst left the JIT compiling what it made hot (the
            // compiler threads of the three saga processes took ~15 % of the cores in a window that followed it
            // at once), and a service in production answers from compiled code.
            CpuTime sagaCpu = new CpuTime(sagaDatabase, inventoryDatabase, paymentDatabase);
            sagaCpu.watch("command app", pidOf(sagaSide.get(0)));
            sagaCpu.watch("inventory service", pidOf(sagaSide.get(1)));
            sagaCpu.watch("payment service", pidOf(sagaSide.get(2)));
            sagaCpu.watch("kafka broker", pidOf(supervisor.process("kafka")));
            java.time.Instant paceFrom = java.time.Instant.now().plus(pacedWarmup);
            ExecutorService poster = Executors.newSingleThreadExecutor();
            Map<String, Double> cpuBefore;
            Map<String, Double> compilersBefore;
            try {
                Future<?> posting = poster.submit(() -> {
                    pacedPosts(commandPort, half, pacedWarmup.plus(sizes.measure()));
                    return null;
                });
                Thread.sleep(pacedWarmup.toMillis());
                cpuBefore = sagaCpu.snapshot();
                compilersBefore = sagaCpu.compilerSnapshot();
                posting.get();
            } finally {
                poster.shutdownNow();
            }
            java.time.Instant paceTo = java.time.Instant.now();
            Map<String, Double> cpuUsed = CpuTime.since(cpuBefore, sagaCpu.snapshot());
            Map<String, Double> compilersUsed = CpuTime.since(compilersBefore, sagaCpu.compilerSnapshot());
            double pacedSeconds = Duration.between(paceFrom, paceTo).toNanos() / 1e9;
            awaitSagasSettled(Duration.ofMinutes(1));
            String started = " FROM sagas WHERE started_at BETWEEN '" + paceFrom + "' AND '" + paceTo + "'";
            String window = started + " AND step = 'CONFIRMED'";
            double p50 = sagaDatabase.queryLong("SELECT round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY"
                    + " extract(epoch FROM finished_at - started_at)))" + window);
            double p99 = sagaDatabase.queryLong("SELECT round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY"
                    + " extract(epoch FROM finished_at - started_at)))" + window);
            long count = sagaDatabase.queryLong("SELECT count(*)" + window);
            long placedPaced = sagaDatabase.queryLong("SELECT count(*)" + started);
            // A saga that did not confirm has no latency to count; percentiles over the rest (or over none) would
            // pass a run whose sagas timed out, so every order placed in the window must have confirmed.
            boolean allConfirmed = count > 0 && count == placedPaced;
            String confirmedOfPlaced = " (" + count + " of " + placedPaced + " orders confirmed)";
            table.add(new ResultTable.Row("sagas: placement → CONFIRMED p50 at half that rate" + confirmedOfPlaced,
                    ms(p50), "", Double.NaN, "≤ 250 ms, all confirmed", allConfirmed && p50 <= 250));
            table.add(new ResultTable.Row("sagas: placement → CONFIRMED p99 at half that rate",
                    ms(p99), "", Double.NaN, "≤ 250 ms, all confirmed", allConfirmed && p99 <= 250));
            String perSaga = CpuTime.perUnit(cpuUsed, placedPaced, (process, used) -> {
                double compilers = compilersUsed.getOrDefault(process, 0.0);
                return compilers > 0 ? String.format(" (JIT %.2f)", compilers * 1000 / Math.max(1, placedPaced)) : "";
            });
            double total = CpuTime.total(cpuUsed);
            String cores = String.format("%.2f cores", total / pacedSeconds);
            table.add(new ResultTable.Row("  CPU per saga at half that rate, /proc/<pid>/stat (" + cores + ")",
                    perSaga, "", Double.NaN, "breakdown, no target", true));
            progress.accept("   CPU per saga (" + cores + "): " + perSaga);
        } finally {
            sagaSide.forEach(process -> process.stop(Duration.ofSeconds(20)));
        }
    }

    /** The process id of {@code process} while it runs, for the samplers. */
    private static Supplier<Long> pidOf(SupervisedProcess process) {
        return () -> process.process().map(Process::pid).orElse(null);
    }

    /** {@code app} as the local run starts it, under another name and log, on its own port and with {@code own} env. */
    private ProcessSpec onOwnPort(ProcessSpec app, String name, int port, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(app.env());
        env.putAll(own);
        return new ProcessSpec(name, app.command(), env, Readiness.http("http://localhost:" + port + "/ready"),
                settings.logDir().resolve(name + ".log"));
    }

    /** Waits until no saga is reserving, authorising or compensating any more. */
    private void awaitSagasSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long inFlight;
        while ((inFlight = sagaDatabase.queryLong("SELECT count(*) FROM sagas WHERE step IN"
                + " ('RESERVING_STOCK', 'AUTHORIZING_PAYMENT', 'COMPENSATING')")) > 0 && System.nanoTime() < deadline) {
            progress.accept("   sagas in flight: " + inFlight);
            Thread.sleep(1_000);
        }
    }

    /** Waits until neither participant has applied a command for two seconds and no saga command waits to be sent. */
    private void awaitParticipantsIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String handled = "SELECT count(*) FROM inbox";
        long before = -1;
        int quietSeconds = 0;
        while (quietSeconds < 2 && System.nanoTime() < deadline) {
            long now = inventoryDatabase.queryLong(handled) + paymentDatabase.queryLong(handled);
            boolean quiet = now == before && sagaDatabase.queryLong("SELECT count(*) FROM outbox") == 0;
            quietSeconds = quiet ? quietSeconds + 1 : 0;
            if (!quiet) {
                progress.accept("   participants still working: " + now + " commands applied so far");
            }
            before = now;
            Thread.sleep(1_000);
        }
    }

    /**
     * POSTs orders at {@code perSecond}, each on its own schedule (open loop), for {@code duration}, over pooled raw
     * keep-alive connections: the JDK's HttpClient spent ~1.7 ms of CPU per request here, a third of a core at
     * 200/s on the two cores the system under test runs on.
     */
    private static void pacedPosts(int port, double perSecond, Duration duration) throws InterruptedException {
        byte[] post = HttpLoad.post(HOST, port, "/orders", ORDER);
        Deque<RawConnection> connections = new ConcurrentLinkedDeque<>();
        ExecutorService posts = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "paced-post");
            thread.setDaemon(true);
            return thread;
        });
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            posts.execute(() -> {
                try {
                    RawConnection.exchange(connections, HOST, port, post);
                } catch (IOException | RuntimeException e) {
                    // Counted where it matters: every order placed in the window must reach CONFIRMED.
                }
            });
        }
        posts.shutdown();
        posts.awaitTermination(1, TimeUnit.MINUTES);
        connections.forEach(RawConnection::close);
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    private long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            IntStream.range(0, 6).forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private long storedOffsets(String topic) {
        try {
            return catchUpDatabase.queryLong("SELECT coalesce(sum(next_offset), 0) FROM projector_offsets WHERE topic = '"
                    + topic + "'");
        } catch (IllegalStateException e) {
            return 0; // the projector has not created its tables yet
        }
    }

    private Database database(RunSettings base, String name) {
        Database database = Database.fresh(base.writeDbUrl(), base.dbUser(), base.dbPassword(), name);
        databases.add(database);
        return database;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rate(double perSecond) {
        return String.format("%,.0f/s", perSecond);
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }

    private static String errors(ReadLoad.Result result) {
        return result.errors() > 0 ? ", " + result.errors() + " errors" : "";
    }

    @Override
    public void close() {
        rss.close();
        supervisor.close();
        if (System.getenv("BENCH_KEEP") == null) {
            databases.forEach(Database::drop);
        }
    }
}
