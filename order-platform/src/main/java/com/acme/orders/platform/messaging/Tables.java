package com.acme.orders.platform.messaging;

/** Table names that go into SQL text: plain identifiers only. */
final class Tables {

    private Tables() {
    }

    static String checkName(String table) {
        if (table == null || !table.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a table name must be a plain lower-case SQL identifier, was " + table);
        }
        return table;
    }
}
