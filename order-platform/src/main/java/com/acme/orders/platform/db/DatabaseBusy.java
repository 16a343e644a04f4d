package com.acme.orders.platform.db;

/**
 * The database cannot take this work right now (too much waiting, or the app is stopping): an availability
 * problem like an unreachable database, answered 503 with {@code Retry-After}, never a 500.
 */
public final class DatabaseBusy extends RuntimeException {

    public DatabaseBusy(String message) {
        super(message);
    }

    public DatabaseBusy(String message, Throwable cause) {
        super(message, cause);
    }
}
