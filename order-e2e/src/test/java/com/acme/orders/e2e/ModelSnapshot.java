package com.acme.orders.e2e;

import org.jdbi.v3.core.Jdbi;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row count and an MD5 over every row's text, per table, in a fixed order: equal snapshots mean that not a
 * single column of a single row changed in between.
 *
 * @param tables {@code count=…, md5=…} by table name
 */
record ModelSnapshot(Map<String, String> tables) {

    /** The write model with its event store and idempotency keys. */
    static ModelSnapshot ofWriteModel(Jdbi jdbi) {
        return of(jdbi, Map.of("orders", "id", "order_items", "order_id, line", "order_events", "position",
                "idempotency_keys", "key"));
    }

    /** The read model, the user directory and the statistics. */
    static ModelSnapshot ofReadModel(Jdbi jdbi) {
        return of(jdbi, Map.of("order_read_models", "id", "user_directory", "user_id", "order_statistics", "status"));
    }

    private static ModelSnapshot of(Jdbi jdbi, Map<String, String> orderByTable) {
        Map<String, String> tables = new TreeMap<>();
        orderByTable.keySet().forEach(table -> tables.put(table, jdbi.withHandle(handle ->
                handle.createQuery("""
                        SELECT 'count=' || count(*) || ', md5=' || md5(coalesce(string_agg(t::text, '|' ORDER BY %s), ''))
                        FROM %s t""".formatted(qualified(orderByTable.get(table)), table))
                        .mapTo(String.class).one())));
        return new ModelSnapshot(Collections.unmodifiableMap(tables));
    }

    /** {@code a, b} as {@code t.a, t.b}: the row alias is also a column name in some tables. */
    private static String qualified(String columns) {
        return String.join(", ", Arrays.stream(columns.split(",")).map(column -> "t." + column.trim()).toList());
    }
}
