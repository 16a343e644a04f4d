package com.acme.orders.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own, made with {@code initdb} in a temporary directory and run with
 * {@code pg_ctl} on a free port, for tests that stop and start the database under load without touching the
 * machine's shared server. The binaries come from {@code PG_BIN} or the newest {@code /usr/lib/postgresql/N/bin};
 * when the test runs as root (PostgreSQL refuses to), the cluster is owned and run by the {@code postgres} user.
 * Authentication is trust, the superuser is {@code postgres}.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final int port;

    private DedicatedPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Creates the cluster and starts it. */
    public static DedicatedPostgres start() {
        Path bin = binaries();
        Path dir;
        try {
            dir = Files.createTempDirectory("dedicated-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DedicatedPostgres postgres = new DedicatedPostgres(bin, dir, FreePorts.next());
        if (isRoot()) {
            run(List.of("chown", OS_USER + ":", dir.toString()));
        }
        postgres.pg("initdb", "-D", postgres.data(), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                "--no-sync", "--no-instructions");
        postgres.startServer();
        return postgres;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this cluster (the apps create it when missing). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server again after {@link #stopServer()}; returns once it accepts connections. */
    public void startServer() {
        pg("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir, "start");
    }

    /** Stops the server the way an operator's restart does ({@code -m fast}: sessions are ended, then it shuts down). */
    public void stopServer() {
        pg("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** What the server has logged, for a failing test's message. */
    public String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server immediately and deletes the cluster. */
    @Override
    public void close() {
        try {
            pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (IllegalStateException alreadyStopped) {
            // Nothing to stop; the directory still goes.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void pg(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no pg_ctl under /usr/lib/postgresql; set PG_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the PostgreSQL binaries; set PG_BIN", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
