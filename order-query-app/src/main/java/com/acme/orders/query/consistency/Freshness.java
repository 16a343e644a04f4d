package com.acme.orders.query.consistency;

import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * How fresh the read model is, said on every query answer: {@value #POSITION_HEADER} is the time of the newest
 * event it has applied ({@code none} before the first), {@value #LAG_HEADER} the write-to-read delay of its most
 * recent change in milliseconds (both kept by the read model's triggers, {@code read_model_position}). A single
 * order adds its own version in {@value #VERSION_HEADER}. The answer is at least as fresh as the position it
 * carries: the position is read before the data, and reused for at most {@value #REUSE_MILLIS} ms so that a busy
 * query app does not pay a round trip per request for it.
 */
public final class Freshness {

    public static final String POSITION_HEADER = "Read-Model-Position";
    public static final String LAG_HEADER = "Read-Model-Lag-Ms";
    public static final String VERSION_HEADER = "Read-Model-Version";
    static final long REUSE_MILLIS = 100;

    /** The headers as sent (rendered once per snapshot, not per request). */
    public record Snapshot(String position, String lag, long readAtNanos) {

        Snapshot(Instant lastEventAt, long lagMs, long readAtNanos) {
            this(lastEventAt == null ? "none" : lastEventAt.toString(), Long.toString(lagMs), readAtNanos);
        }

        /** Sets the position and lag headers through {@code header} (name, value). */
        public void stamp(BiConsumer<String, String> header) {
            header.accept(POSITION_HEADER, position);
            header.accept(LAG_HEADER, lag);
        }
    }

    private final Jdbi jdbi;
    private final LongSupplier nanoClock;
    private volatile Snapshot last;

    public Freshness(Jdbi jdbi) {
        this(jdbi, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()} outside tests: when a position read is too old to reuse */
    public Freshness(Jdbi jdbi, LongSupplier nanoClock) {
        this.jdbi = jdbi;
        this.nanoClock = nanoClock;
    }

    /** Sets the position and lag headers of the answer about to be read. */
    public void stamp(Context ctx) {
        stamp(ctx::header);
    }

    /** Sets the position and lag headers of the answer about to be read through {@code header} (name, value). */
    public void stamp(BiConsumer<String, String> header) {
        current().stamp(header);
    }

    /** The position read last when it is still recent enough to reuse; null when stamping would need a query. */
    public Snapshot withoutReading() {
        Snapshot snapshot = last;
        return reusable(snapshot, nanoClock.getAsLong()) ? snapshot : null;
    }

    private Snapshot current() {
        Snapshot snapshot = last;
        long now = nanoClock.getAsLong();
        if (reusable(snapshot, now)) {
            return snapshot;
        }
        Snapshot fresh = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT last_event_at, lag_ms FROM read_model_position")
                .map((rs, context) -> new Snapshot(
                        rs.getTimestamp("last_event_at") == null ? null : rs.getTimestamp("last_event_at").toInstant(),
                        rs.getLong("lag_ms"), now))
                .findOne()
                .orElse(new Snapshot(null, 0, now)));
        last = fresh;
        return fresh;
    }

    private static boolean reusable(Snapshot snapshot, long now) {
        return snapshot != null && now - snapshot.readAtNanos() < TimeUnit.MILLISECONDS.toNanos(REUSE_MILLIS);
    }
}
