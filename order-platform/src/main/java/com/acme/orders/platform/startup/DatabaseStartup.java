package com.acme.orders.platform.startup;

import com.acme.orders.platform.db.DatabaseUnreachable;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.ReadinessCheck;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The first step of every app's start: make sure its database exists, waiting for PostgreSQL when it is not up
 * yet (a container started before the database, a server restarting). While it waits, the app's port already
 * answers {@code /health} (200) and {@code /ready} (503, saying what it waits for), so an orchestrator sees a
 * starting app rather than a dead one. The app's own server takes the port over afterwards.
 */
public final class DatabaseStartup {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

    private DatabaseStartup() {
    }

    /**
     * Creates the database when missing, waiting up to {@code settings.startupTimeout()} for the server (see
     * {@link Postgres#createDatabaseIfMissing(DbSettings, Consumer)}). Only once the first
     * attempt has failed does {@code port} serve the waiting-room routes; they are gone when this returns.
     *
     * @throws DatabaseUnreachable when the deadline passes
     */
    public static void awaitDatabase(DbSettings settings, int port) {
        try (WaitingRoom waitingRoom = new WaitingRoom(port)) {
            Postgres.createDatabaseIfMissing(settings, waitingRoom);
        }
    }

    /**
     * Runs an app's start; when its database never answered, logs the reason as one ERROR line and exits with
     * status 1, instead of a stack trace. Any other failure propagates as before.
     */
    public static <T> T orExit(Supplier<T> start) {
        try {
            return start.get();
        } catch (DatabaseUnreachable e) {
            log.error(e.getMessage());
            System.exit(1);
            throw e;
        }
    }

    /** {@code /health} and a {@code /ready} that says what start-up waits for; opened at the first failed attempt. */
    private static final class WaitingRoom implements Consumer<Postgres.StartupAttempt>, AutoCloseable {

        private final int port;
        private volatile String waitingFor;
        private Javalin server;

        WaitingRoom(int port) {
            this.port = port;
        }

        @Override
        public void accept(Postgres.StartupAttempt attempt) {
            waitingFor = "waiting for PostgreSQL since start-up, attempt " + attempt.number() + ": "
                    + attempt.reason();
            if (server == null) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                server = HttpApps.create(Json.newMapper(), registry, List.of(new ReadinessCheck("database", true,
                        () -> ReadinessCheck.Result.down(waitingFor))), routes -> { }).start(port);
                log.info("serving /health and /ready (503) while waiting for the database port={}", server.port());
            }
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
        }
    }
}
