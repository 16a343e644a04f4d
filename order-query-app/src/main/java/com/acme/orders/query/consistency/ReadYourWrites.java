package com.acme.orders.query.consistency;

import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.freshness.FreshnessHop;
import com.acme.orders.platform.http.ConsistencyToken;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Read-your-writes for every view. A request carrying a {@value ConsistencyToken#HEADER} is answered once the
 * read model holds that order at the token's version or later, or when the bound runs out, whichever comes
 * first, and says which in {@value #STATUS_HEADER} ({@code consistent} or {@code stale}). A request without a
 * token is answered at once and without that header.
 *
 * <p>No wake-up is lost: a request registers, then checks the read model once before it waits. A change
 * committed before the check is seen by it; one committed after it is announced by a NOTIFY that finds the
 * request registered. While it waits the request holds no server thread; it resumes on a small pool of
 * its own, because the listener thread must get back to listening.
 */
public final class ReadYourWrites implements AutoCloseable {

    public static final String STATUS_HEADER = "Consistency-Status";

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final Jdbi jdbi;
    private final Freshness freshness;
    private final Duration bound;
    private final PendingReads pending = new PendingReads();
    private final ReadModelListener listener;
    private final ExecutorService resumed;
    private final Timer consistent;
    private final Timer stale;
    private final Timer notifyToAnswer;

    /**
     * @param jdbi  the read database, for the checks before waiting
     * @param db    where the listener connects (a connection of its own, outside the pool)
     * @param bound how long a request waits at most ({@code CONSISTENCY_WAIT})
     * @param exit  called with the exit status when the listener meets a failure no retry can heal
     */
    public ReadYourWrites(Jdbi jdbi, DbSettings db, Duration bound, MeterRegistry registry, IntConsumer exit) {
        this(jdbi, db, bound, registry, exit, ChangeSubscriber.NONE);
    }

    /** As above, and tells {@code subscriber} (the cache) of every change before releasing waiting requests. */
    public ReadYourWrites(Jdbi jdbi, DbSettings db, Duration bound, MeterRegistry registry, IntConsumer exit,
                          ChangeSubscriber subscriber) {
        this.jdbi = jdbi;
        this.freshness = new Freshness(jdbi);
        this.bound = bound;
        this.listener = new ReadModelListener(db, pending, exit, subscriber);
        // As many as the pool has connections: every resumed request runs one query.
        AtomicInteger threads = new AtomicInteger();
        this.resumed = Executors.newFixedThreadPool(db.poolSize(), runnable -> {
            Thread thread = new Thread(runnable, "read-after-wait-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.consistent = waitTimer(registry, "consistent");
        this.stale = waitTimer(registry, "stale");
        this.notifyToAnswer = FreshnessHop.NOTIFY_TO_ANSWER.timer(registry);
        Gauge.builder("read.consistency.waiting", pending::size)
                .description("requests waiting for the read model to catch up").register(registry);
    }

    public void start() {
        listener.start();
    }

    /** The read model's freshness, as every answer states it. */
    public Freshness freshness() {
        return freshness;
    }

    public ReadModelListener.Status listenerStatus() {
        return listener.status();
    }

    /**
     * Runs {@code read}, which writes the response: now, or, when the request carries a token, once the read
     * model caught up or the bound ran out. Either way the answer carries the read model's {@link Freshness}.
     *
     * @throws com.acme.orders.platform.http.BadRequest naming the header when the token is malformed
     */
    public void respond(Context ctx, Runnable read) {
        String header = ctx.header(ConsistencyToken.HEADER);
        if (header == null) {
            freshness.stamp(ctx);
            read.run();
            return;
        }
        ConsistencyToken token = ConsistencyToken.parse(header);
        PendingReads.Waiter waited = await(token);
        CompletableFuture<Boolean> caughtUp = waited.caughtUp();
        if (caughtUp.isDone()) {
            answer(ctx, caughtUp.join(), read);
            answered(waited);
            return;
        }
        ctx.future(() -> caughtUp.thenAcceptAsync(consistent -> {
            answer(ctx, consistent, read);
            answered(waited);
        }, resumed));
    }

    /** Stops listening; requests still waiting time out as usual. */
    @Override
    public void close() {
        listener.close();
        resumed.shutdown();
        try {
            resumed.awaitTermination(bound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The freshness hop from the releasing notification to the answer; nothing when no notification released it. */
    private void answered(PendingReads.Waiter waited) {
        long heardAt = waited.heardAtNanos().get();
        if (heardAt != 0) {
            notifyToAnswer.record(System.nanoTime() - heardAt, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A wait whose {@code caughtUp} completes with true once the read model shows the token's version, with false
     * when the bound ran out.
     */
    private PendingReads.Waiter await(ConsistencyToken token) {
        long started = System.nanoTime();
        // Registered before the one check: a change committed after the check finds the request waiting, one
        // committed before it is seen by it. (A check before registering would cost a second query per read.)
        PendingReads.Waiter waiter = pending.register(token, bound);
        try {
            if (reached(token)) {
                waiter.release();
            }
        } catch (RuntimeException e) {
            waiter.caughtUp().cancel(false);
            throw e;
        }
        return new PendingReads.Waiter(token, waiter.caughtUp().whenComplete((caughtUp, failure) -> {
            if (failure == null) {
                recordWait(token, caughtUp, System.nanoTime() - started);
            }
        }), waiter.heardAtNanos());
    }

    private boolean reached(ConsistencyToken token) {
        Long version;
        try {
            version = jdbi.withHandle(handle -> OrderVersions.of(handle.getConnection(), List.of(token.orderId())))
                    .get(token.orderId());
        } catch (SQLException e) {
            // The cause stays attached, so an unreachable database still answers 503.
            throw new IllegalStateException("cannot read the version of order " + token.orderId(), e);
        }
        return version != null && version >= token.version();
    }

    private void recordWait(ConsistencyToken token, boolean caughtUp, long waitedNanos) {
        if (caughtUp) {
            consistent.record(waitedNanos, TimeUnit.NANOSECONDS);
            return;
        }
        stale.record(waitedNanos, TimeUnit.NANOSECONDS);
        log.info("read model did not catch up in time orderId={} version={} waitedMs={}", token.orderId(),
                token.version(), TimeUnit.NANOSECONDS.toMillis(waitedNanos));
    }

    private void answer(Context ctx, boolean caughtUp, Runnable read) {
        ctx.header(STATUS_HEADER, caughtUp ? "consistent" : "stale");
        freshness.stamp(ctx);
        read.run();
    }

    /**
     * Whether this request carried a token for {@code orderId} and the wait for it ran out: the order exists
     * (the command app issued the token) even though the read model has not shown it yet.
     */
    public static boolean gaveUpOn(Context ctx, long orderId) {
        String token = ctx.header(ConsistencyToken.HEADER);
        return token != null && "stale".equals(ctx.res().getHeader(STATUS_HEADER))
                && ConsistencyToken.parse(token).orderId() == orderId;
    }

    /**
     * The version this request's {@code Consistency-Token} demands of {@code orderId}, 0 when it carries no
     * token or one for another order: an answer about that order must be at least this version.
     */
    public static long versionDemanded(Context ctx, long orderId) {
        String header = ctx.header(ConsistencyToken.HEADER);
        if (header == null) {
            return 0;
        }
        ConsistencyToken token = ConsistencyToken.parse(header);
        return token.orderId() == orderId ? token.version() : 0;
    }

    /** Whether this request carries a {@code Consistency-Token} at all. */
    public static boolean carriesToken(Context ctx) {
        return ctx.header(ConsistencyToken.HEADER) != null;
    }

    private static Timer waitTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("read.consistency.wait")
                .description("how long requests with a Consistency-Token waited for the read model")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
