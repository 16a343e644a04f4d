package com.acme.orders.bench;

import com.acme.orders.localrun.RunSettings;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code make bench}: {@code java -jar order-bench/target/order-bench.jar [--quick]}. Runs against the local
 * PostgreSQL named by {@code WRITE_DB_URL}/{@code DB_USER}/{@code DB_PASSWORD} (its own fresh databases, dropped
 * afterwards unless {@code BENCH_KEEP} is set) and a broker of its own; prints progress, then the table, which
 * it also writes to {@code .local/bench/}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        ResultTable table = run(quick ? Benchmark.Sizes.quick() : Benchmark.Sizes.full(),
                RunSettings.fromEnv(System.getenv()));
        String report = "## Benchmark " + (quick ? "(quick)" : "(full)") + ", " + Instant.now() + "\n\n"
                + machine() + "\n" + table.render();
        System.out.println();
        System.out.println(report);
        Path out = Path.of(".local", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results-" + Instant.now().toString().replace(':', '-') + ".md"), report);
        long failed = table.rows().stream().filter(row -> !row.pass()).count();
        System.out.println(failed == 0 ? "every target met" : failed + " of " + table.rows().size() + " targets missed");
    }

    static ResultTable run(Benchmark.Sizes sizes, RunSettings settings) throws Exception {
        try (Benchmark benchmark = new Benchmark(sizes, settings, line -> System.out.println("[bench] " + line))) {
            return benchmark.run();
        }
    }

    /** The machine, so that numbers from different runs can be put side by side sensibly. */
    static String machine() throws IOException {
        String cpu = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory
                + " MiB RAM, Java " + System.getProperty("java.version") + ", " + postgres() + "\n";
    }

    private static String postgres() {
        try {
            Process process = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
            try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes()).trim();
            }
        } catch (IOException e) {
            return "psql not found";
        }
    }
}
