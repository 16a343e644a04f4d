package com.acme.orders.platform.db;

import java.time.Duration;

/** PostgreSQL did not answer within the start-up deadline ({@code DB_STARTUP_TIMEOUT}); the app cannot start. */
public final class DatabaseUnreachable extends RuntimeException {

    DatabaseUnreachable(String database, String server, Duration waited, int attempts, String lastReason) {
        super("giving up: database " + database + " at " + server.replace("jdbc:", "") + " not reachable after "
                + (waited.toMillis() % 1000 == 0 ? waited.toSeconds() + "s" : waited.toMillis() + "ms")
                + " (DB_STARTUP_TIMEOUT), " + attempts + " attempts, last: " + lastReason);
    }
}
