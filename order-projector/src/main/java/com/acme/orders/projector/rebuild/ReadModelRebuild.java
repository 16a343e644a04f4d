package com.acme.orders.projector.rebuild;

import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.projector.project.InvalidEvent;
import com.acme.orders.projector.project.OrderRow;
import com.acme.orders.projector.repair.EventStoreReader;
import com.acme.orders.readmodel.ReadModel;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuilds {@code order_read_models} from the event store while the read model keeps serving.
 *
 * <ol>
 *   <li>Streams every event from one snapshot of the store, folds each order's history through
 *       {@link OrderRow} (the code the live projection uses) and COPYs the rows into a shadow table.</li>
 *   <li>Creates the live table's indexes on the shadow, after the load (much faster than during it).</li>
 *   <li>Swaps in one short transaction: blocks the projector's writes (not reads), takes over any row the
 *       projector advanced past the snapshot meanwhile, refreshes user columns from the directory, replaces the
 *       table, renames the indexes, re-attaches the statistics triggers, recounts the statistics and notifies
 *       waiting queries.</li>
 * </ol>
 * A broken history (a version missing or out of order) aborts the rebuild before anything is swapped.
 */
public final class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final String LIVE = "order_read_models";
    private static final String SHADOW = "order_read_models_rebuild";
    private static final String COLUMNS = "id, user_id, total_amount, status, created_at, updated_at, shipping_address, "
            + "notes, user_username, user_email, items_count, is_deleted, version, cancellation_reason";
    private static final long PROGRESS_EVERY = 100_000;

    /** What a rebuild did. */
    public record Result(long events, long orders, Duration took) {
    }

    private record User(String username, String email) {
    }

    private final Jdbi readDatabase;
    private final EventStoreReader eventStore;

    public ReadModelRebuild(Jdbi readDatabase, EventStoreReader eventStore) {
        this.readDatabase = readDatabase;
        this.eventStore = eventStore;
    }

    public Result run(Consumer<String> progress) {
        long started = System.nanoTime();
        Map<Long, User> users = readDatabase.withHandle(handle -> {
            Map<Long, User> all = new HashMap<>();
            handle.createQuery("SELECT user_id, username, email FROM user_directory")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new User(rs.getString(2), rs.getString(3))))
                    .forEach(entry -> all.put(entry.getKey(), entry.getValue()));
            return all;
        });
        progress.accept("rebuild: loading the event store into " + SHADOW + " (" + users.size() + " users known)");
        long[] counts = readDatabase.withHandle(handle -> {
            handle.execute("DROP TABLE IF EXISTS " + SHADOW);
            handle.execute("CREATE TABLE " + SHADOW + " (LIKE " + LIVE + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            return load(handle, users, progress, started);
        });
        progress.accept("rebuild: loaded " + counts[0] + " events into " + counts[1] + " orders in "
                + seconds(started) + "; creating indexes");
        readDatabase.useHandle(handle -> {
            for (String statement : shadowIndexes(handle)) {
                handle.execute(statement);
            }
            handle.execute("ANALYZE " + SHADOW);
        });
        progress.accept("rebuild: indexes ready after " + seconds(started) + "; swapping");
        readDatabase.useTransaction(this::swap);
        Result result = new Result(counts[0], counts[1], Duration.ofNanos(System.nanoTime() - started));
        progress.accept("rebuild: done, " + result.orders() + " orders from " + result.events() + " events in "
                + seconds(started));
        log.info("read model rebuilt events={} orders={} tookMs={}", result.events(), result.orders(),
                result.took().toMillis());
        return result;
    }

    private long[] load(Handle handle, Map<Long, User> users, Consumer<String> progress, long started) {
        try {
            CopyIn copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + SHADOW + " (" + COLUMNS + ") FROM STDIN (FORMAT csv)");
            CsvRows rows = new CsvRows(copy);
            long[] counts = {0, 0};
            OrderRow[] current = {null};
            try {
                eventStore.forEachInOrderOfOrders(event -> {
                    counts[0]++;
                    OrderRow row = current[0];
                    if (row != null && row.id() != event.orderId()) {
                        rows.write(row, users.get(row.userId()));
                        counts[1]++;
                        row = null;
                    }
                    current[0] = advance(row, event);
                    if (counts[0] % PROGRESS_EVERY == 0) {
                        progress.accept("rebuild: " + counts[0] + " events, " + counts[1] + " orders, "
                                + seconds(started));
                    }
                });
                if (current[0] != null) {
                    rows.write(current[0], users.get(current[0].userId()));
                    counts[1]++;
                }
                rows.finish();
            } catch (RuntimeException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                throw e;
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("rebuild: COPY into " + SHADOW + " failed: " + e.getMessage(), e);
        }
    }

    private static OrderRow advance(OrderRow row, OrderEventEnvelope event) {
        long expected = row == null ? 1 : row.version() + 1;
        if (event.version() != expected) {
            throw new InvalidEvent("rebuild aborted: order " + event.orderId() + " jumps from version " + (expected - 1)
                    + " to " + event.version() + " in the event store; run the command app's verify");
        }
        return row == null ? OrderRow.created(event) : row.apply(event);
    }

    /** The live table's indexes, recreated on the shadow under names ending in {@code _rebuild}. */
    private static List<String> shadowIndexes(Handle handle) {
        return handle.createQuery("""
                        SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, x.indisprimary AS is_primary
                        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                        WHERE x.indrelid = CAST(:live AS regclass)
                        """)
                .bind("live", LIVE)
                .map((rs, ctx) -> rs.getBoolean("is_primary")
                        ? "ALTER TABLE " + SHADOW + " ADD CONSTRAINT " + rs.getString("name") + "_rebuild PRIMARY KEY (id)"
                        : rs.getString("definition")
                        .replaceFirst("INDEX " + rs.getString("name") + " ON ", "INDEX " + rs.getString("name") + "_rebuild ON ")
                        .replaceFirst(" ON (public\\.)?" + LIVE + " ", " ON " + SHADOW + " "))
                .list();
    }

    private void swap(Handle handle) {
        // EXCLUSIVE lets plain SELECTs go on but stops every writer, including the projector's FOR UPDATE, before
        // it takes any lock on the table (a weaker mode would let it lock rows and then deadlock with the DROP).
        // The projector's next batch waits until the swap commits, then writes to the new table.
        handle.execute("LOCK TABLE " + LIVE + " IN EXCLUSIVE MODE");
        int newer = handle.execute("""
                UPDATE %1$s s
                SET status = l.status, updated_at = l.updated_at, is_deleted = l.is_deleted, version = l.version,
                    cancellation_reason = l.cancellation_reason
                FROM %2$s l
                WHERE l.id = s.id AND l.version > s.version""".formatted(SHADOW, LIVE));
        int added = handle.execute("""
                INSERT INTO %1$s (%3$s)
                SELECT %3$s FROM %2$s l WHERE NOT EXISTS (SELECT 1 FROM %1$s s WHERE s.id = l.id)"""
                .formatted(SHADOW, LIVE, COLUMNS));
        handle.execute("""
                UPDATE %s s SET user_username = u.username, user_email = u.email
                FROM user_directory u
                WHERE u.user_id = s.user_id
                  AND (s.user_username IS DISTINCT FROM u.username OR s.user_email IS DISTINCT FROM u.email)"""
                .formatted(SHADOW));
        List<String> indexes = handle.createQuery("""
                        SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                        WHERE x.indrelid = CAST(:shadow AS regclass)""")
                .bind("shadow", SHADOW).mapTo(String.class).list();
        handle.execute("DROP TABLE " + LIVE);
        handle.execute("ALTER TABLE " + SHADOW + " RENAME TO " + LIVE);
        for (String index : indexes) {
            handle.execute("ALTER INDEX " + index + " RENAME TO " + index.replaceFirst("_rebuild$", ""));
        }
        handle.execute("SELECT order_statistics_attach('" + LIVE + "')");
        handle.execute("""
                UPDATE order_statistics s SET order_count = a.order_count, total_amount = a.total_amount
                FROM (SELECT t.status, count(o.id) AS order_count, coalesce(sum(o.total_amount), 0) AS total_amount
                      FROM order_statistics t
                      LEFT JOIN order_read_models o ON o.status = t.status AND NOT o.is_deleted
                      GROUP BY t.status) a
                WHERE s.status = a.status""");
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", ReadModel.CHANGED_CHANNEL).bind("payload", ReadModel.EVERYTHING)
                .mapTo(String.class).one();
        log.info("read model swapped in; kept from the live table: newerRows={} newRows={}", newer, added);
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Writes rows in COPY's CSV format, buffered. */
    private static final class CsvRows {

        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(1 << 17);

        CsvRows(CopyIn copy) {
            this.copy = copy;
        }

        void write(OrderRow row, User user) {
            buffer.append(row.id()).append(',')
                    .append(row.userId()).append(',')
                    .append(row.totalAmount().toPlainString()).append(',')
                    .append(row.status()).append(',')
                    .append(row.createdAt()).append(',')
                    .append(row.updatedAt()).append(',');
            quoted(row.shippingAddress());
            buffer.append(',');
            quoted(row.notes());
            buffer.append(',');
            quoted(user == null ? null : user.username());
            buffer.append(',');
            quoted(user == null ? null : user.email());
            buffer.append(',')
                    .append(row.itemsCount()).append(',')
                    .append(row.deleted() ? 't' : 'f').append(',')
                    .append(row.version()).append(',');
            quoted(row.cancellationReason());
            buffer.append('\n');
            if (buffer.length() > (1 << 16)) {
                flush();
            }
        }

        void finish() throws SQLException {
            flush();
            copy.endCopy();
        }

        /** NULL is an unquoted empty field; every present value is quoted, so "" stays an empty string. */
        private void quoted(String value) {
            if (value == null) {
                return;
            }
            buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
        }

        private void flush() {
            try {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            } catch (SQLException e) {
                throw new IllegalStateException("rebuild: COPY failed: " + e.getMessage(), e);
            }
        }
    }
}
