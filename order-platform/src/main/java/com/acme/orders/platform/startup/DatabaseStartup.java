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
import java.util.concurrent.atomic.AtomicReference;
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
     * {@link Postgres#createDatabaseIfMissing(DbSettings, java.util.function.Consumer)}). Only once the first
     * attempt has failed does {@code port} serve the waiting-room routes; they are gone when this returns.
     *
     * @throws DatabaseUnreachable when the deadline passes
     */
    public static void awaitDatabase(DbSettings settings, int port) {
        AtomicReference<String> waitingFor = new AtomicReference<>();
        Javalin[] waitingRoom = new Javalin[1];
        try {
            Postgres.createDatabaseIfMissing(settings, attempt -> {
                waitingFor.set("waiting for PostgreSQL since start-up, attempt " + attempt.number() + ": "
                        + attempt.reason());
                if (waitingRoom[0] == null) {
                    waitingRoom[0] = waitingRoom(waitingFor).start(port);
                    log.info("serving /health and /ready (503) while waiting for the database port={}",
                            waitingRoom[0].port());
                }
            });
        } finally {
            if (waitingRoom[0] != null) {
                waitingRoom[0].stop();
            }
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

    private static Javalin waitingRoom(AtomicReference<String> waitingFor) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return HttpApps.create(Json.newMapper(), registry, List.of(new ReadinessCheck("database", true,
                () -> ReadinessCheck.Result.down(waitingFor.get()))), routes -> { });
    }
}
