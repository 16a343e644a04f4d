package com.acme.orders.command.store;

import java.sql.SQLException;

/** The database refused or could not take a statement; the cause says which (and maps to 503 when it is down). */
final class StatementFailed extends RuntimeException {

    StatementFailed(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
