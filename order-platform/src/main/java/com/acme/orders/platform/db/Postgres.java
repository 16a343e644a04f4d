package com.acme.orders.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL start-up chores: create the database when missing, pool connections, migrate the schema. */
public final class Postgres {

    private static final Logger log = LoggerFactory.getLogger(Postgres.class);
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?$");
    /** Beyond connection exceptions (class 08): the server is shutting down, crashed or still starting. */
    private static final Set<String> SERVER_GONE_STATES = Set.of(
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03"); // cannot_connect_now (starting up)
    private static final String TOO_MANY_CONNECTIONS = "53300";

    /**
     * A condition that is always true and makes the transaction it runs in commit without waiting for the WAL
     * flush ({@code synchronous_commit} off, locally): for writes whose loss in a crash of PostgreSQL only repeats
     * work that every receiver skips, such as a relay's mark that a batch was sent. Put in a statement's
     * {@code WHERE} (or {@code AND}-ed to its result), it costs no round trip; in a statement run outside a
     * transaction, it covers that statement's own.
     */
    public static final String COMMIT_WITHOUT_FLUSH = "set_config('synchronous_commit', 'off', true) = 'off'";
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private Postgres() {
    }

    /** One failed attempt to reach the server at start-up: its number, why it failed, when the next comes. */
    public record StartupAttempt(int number, String reason, Duration retryIn) {
    }

    /** Like {@link #createDatabaseIfMissing(DbSettings, Consumer)}, telling nobody about the attempts. */
    public static void createDatabaseIfMissing(DbSettings settings) {
        createDatabaseIfMissing(settings, attempt -> { });
    }

    /**
     * Creates the database named in {@code settings.jdbcUrl()} when it does not exist, connecting to the
     * server's {@code postgres} database to do it. Safe when several instances start at once.
     * <p>
     * A server that cannot be reached yet (refused, unknown host, still starting) is tried again with backoff,
     * 250 ms doubling up to 5 s, one log line and one call of {@code onWaiting} per failed attempt, until
     * {@code settings.startupTimeout()} has passed: then {@link DatabaseUnreachable}. Other failures (a wrong
     * password, no right to create) are thrown at once: waiting would not cure them.
     */
    public static void createDatabaseIfMissing(DbSettings settings, Consumer<StartupAttempt> onWaiting) {
        Matcher url = URL.matcher(settings.jdbcUrl());
        if (!url.matches()) {
            throw new IllegalArgumentException("cannot find the database name in " + settings.jdbcUrl());
        }
        String database = url.group(2);
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("database name '" + database + "' must be a plain SQL identifier");
        }
        String maintenance = url.group(1) + "postgres" + (url.group(3) == null ? "" : url.group(3));
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        Duration backoff = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                createIfMissing(maintenance, database, settings, deadline);
                if (attempt > 1) {
                    log.info("database reachable database={} attempts={}", database, attempt);
                }
                return;
            } catch (SQLException e) {
                if (!isConnectFailure(e)) {
                    throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DatabaseUnreachable(database, url.group(1), settings.startupTimeout(), attempt,
                            e.getMessage());
                }
                Duration retryIn = backoff.compareTo(Duration.ofNanos(left)) < 0 ? backoff : Duration.ofNanos(left);
                log.warn("database not reachable yet database={} attempt={} retryInMs={} reason={}", database,
                        attempt, retryIn.toMillis(), e.getMessage());
                onWaiting.accept(new StartupAttempt(attempt, e.getMessage(), retryIn));
                sleep(retryIn);
                backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) < 0 ? backoff.multipliedBy(2) : MAX_RETRY;
            }
        }
    }

    private static void createIfMissing(String maintenanceUrl, String database, DbSettings settings, long deadline)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        // In whole seconds; never longer than what is left of the start-up deadline (a silent host would hold
        // each attempt for the driver's default of 10 s).
        long secondsLeft = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        properties.setProperty("connectTimeout", Long.toString(Math.min(10, secondsLeft)));
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, properties);
             Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + database);
            log.info("created database {}", database);
        } catch (SQLException e) {
            // 42P04 duplicate_database / 23505: another instance created it a moment ago.
            if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }

    /** A connection pool that gives up after {@code connectTimeout}, so requests fail fast with 503. */
    public static HikariDataSource pool(String name, DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(1_000, settings.connectTimeout().toMillis())));
        // Start even when the database is down: the app reports not-ready and answers 503 until it is back.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }

    /** Applies the numbered SQL migrations under {@code classpath:<location>}. */
    public static void migrate(DataSource dataSource, String location) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .load()
                .migrate();
        log.info("schema {} at version {} ({} migrations applied)", location,
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** Whether the database answers a trivial query within the pool's timeout. */
    public static boolean isReachable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether {@code failure} means the database cannot be reached right now (connection refused or lost,
     * server shutting down or starting, no connection free, too much work waiting), as opposed to a fault in the
     * request or code.
     */
    public static boolean isUnavailable(Throwable failure) {
        return isConnectFailure(failure) || anyCause(failure, cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof ConnectionException || cause instanceof DatabaseBusy
                || cause instanceof SQLException sql && TOO_MANY_CONNECTIONS.equals(sql.getSQLState()));
    }

    /**
     * Whether {@code failure} comes from the server being unreachable (SQL state class 08) or going away or not
     * yet up, rather than from a pool that is merely busy.
     */
    public static boolean isConnectFailure(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || SERVER_GONE_STATES.contains(sql.getSQLState())));
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
