package com.acme.orders.readmodel;

/**
 * What the projector (the only writer) and the query app (a reader) agree on about the read database,
 * besides its tables: where the migrations live and how the projector announces changes.
 */
public final class ReadModel {

    /** Flyway location of the read database's migrations; both apps apply them at start-up. */
    public static final String MIGRATIONS = "db/read";

    /**
     * The PostgreSQL NOTIFY channel. The projector notifies once per committed batch; the payload is the
     * comma-separated ids of the orders the batch changed, or {@value #EVERYTHING} when they do not fit.
     */
    public static final String CHANGED_CHANNEL = "order_read_model_changed";

    /** Payload meaning "any order may have changed". */
    public static final String EVERYTHING = "*";

    /** NOTIFY payloads must stay below 8000 bytes; longer id lists are sent as {@value #EVERYTHING}. */
    public static final int MAX_PAYLOAD = 7_900;

    private ReadModel() {
    }
}
