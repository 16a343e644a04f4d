package com.acme.orders.query.consistency;

import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
    private record Snapshot(String position, String lag, long readAtNanos) {

        Snapshot(Instant lastEventAt, long lagMs, long readAtNanos) {
            this(lastEventAt == null ? "none" : lastEventAt.toString(), Long.toString(lagMs), readAtNanos);
        }
    }

    private final Jdbi jdbi;
    private volatile Snapshot last;

    public Freshness(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Sets the position and lag headers of the answer about to be read. */
    public void stamp(Context ctx) {
        Snapshot snapshot = current();
        ctx.header(POSITION_HEADER, snapshot.position());
        ctx.header(LAG_HEADER, snapshot.lag());
    }

    private Snapshot current() {
        Snapshot snapshot = last;
        long now = System.nanoTime();
        if (snapshot != null && now - snapshot.readAtNanos() < TimeUnit.MILLISECONDS.toNanos(REUSE_MILLIS)) {
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
}
