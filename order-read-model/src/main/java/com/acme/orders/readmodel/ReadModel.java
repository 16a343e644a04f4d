package com.acme.orders.readmodel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the projector (the only writer) and the query app (a reader) agree on about the read database,
 * besides its tables: where the migrations live and how the projector announces changes.
 */
public final class ReadModel {

    /** Flyway location of the read database's migrations; both apps apply them at start-up. */
    public static final String MIGRATIONS = "db/read";

    /**
     * The PostgreSQL NOTIFY channel. The projector notifies in the transaction of each batch; a payload is a
     * comma-separated list of the changed orders, each {@code id:version} (the version the batch committed) or a
     * bare {@code id} (a row rewritten without a new version, e.g. its user's name changed), or
     * {@value #EVERYTHING}. A batch too large for one payload sends several ({@link #payloads}).
     */
    public static final String CHANGED_CHANNEL = "order_read_model_changed";

    /** Payload meaning "any order may have changed". */
    public static final String EVERYTHING = "*";

    /** NOTIFY payloads must stay below 8000 bytes. */
    public static final int MAX_PAYLOAD = 7_900;

    private ReadModel() {
    }

    /**
     * The NOTIFY payloads announcing {@code versions} (order id → the version just committed) and
     * {@code rewritten} (orders changed without a new version), each below {@value #MAX_PAYLOAD} bytes. The
     * listener reads the versions off the payload instead of asking the database for them.
     */
    public static List<String> payloads(Map<Long, Long> versions, Collection<Long> rewritten) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        Map<Long, Long> all = new TreeMap<>(versions);
        rewritten.forEach(id -> all.putIfAbsent(id, null));
        all.forEach((id, version) -> {
            String entry = version == null ? Long.toString(id) : id + ":" + version;
            if (payload.length() + 1 + entry.length() > MAX_PAYLOAD) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(entry);
        });
        if (!payload.isEmpty()) {
            payloads.add(payload.toString());
        }
        return payloads;
    }
}
