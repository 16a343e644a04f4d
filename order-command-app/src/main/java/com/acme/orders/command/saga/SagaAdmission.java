package com.acme.orders.command.saga;

import com.acme.orders.command.createorder.Admission;
import com.acme.orders.platform.http.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds the sagas in flight ({@code SAGA_MAX_IN_FLIGHT}): placing an order waits while that many are reserving,
 * authorising or compensating, and is refused with a 503 after {@code SAGA_ADMISSION_TIMEOUT}.
 *
 * <p>Why: a create costs a fraction of what its saga costs (one transaction against four messages, four
 * transactions in three services). Unbounded, a burst of creates queues sagas faster than the participants finish
 * them, every saga waits behind the queue, and once the queue is longer than the step timeout the sagas are
 * cancelled for a timeout that no participant caused. With the bound, a create under overload takes longer
 * instead, and the sagas in flight finish in their time.
 *
 * <p>The count is the database's (all command-app instances share it), read every {@value #COUNT_EVERY_MS} ms
 * while it is above half the bound or someone waits, else every {@value #IDLE_COUNT_EVERY_MS} ms, and never
 * more often than keeps the count's own share of the time at {@value #COUNT_SHARE_PERCENT} %: each saga leaves
 * dead entries in the partial index the count reads until a vacuum removes them, and under load a count took
 * 10 ms (2026-12-01), so back to back every 10 ms it kept a PostgreSQL backend busy half the time. The creates this
 * instance let in are added to it until a count begins after they were done (committed or not), so none is missed
 * while its transaction runs or while the count that could see it is still on its way; a burst cannot overshoot
 * by more than what the other instances let in between two counts.
 */
public final class SagaAdmission implements Admission, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SagaAdmission.class);
    static final long COUNT_EVERY_MS = 10;
    static final long IDLE_COUNT_EVERY_MS = 500;
    /** The most of the time that counting may take: after a count, the next waits nine times as long as it took. */
    static final long COUNT_SHARE_PERCENT = 10;
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Duration SPELL_OVER = Duration.ofSeconds(5);

    private final int limit;
    private final Duration timeout;
    private final LongSupplier inFlight;
    private final Object room = new Object();
    /** Creates let in that no count began after: the count may not include their sagas. */
    private final AtomicLong admitted = new AtomicLong();
    /** Creates done (committed or not), of all time; those done before a count began are in it. */
    private final AtomicLong done = new AtomicLong();
    /** What of {@link #done} has been taken off {@link #admitted}; touched by the counting thread only. */
    private long doneCounted;
    private final AtomicLong waiting = new AtomicLong();
    private final ScheduledExecutorService counter;
    private final Timer waits;
    private final Counter refused;

    private volatile long counted;
    private volatile long countedAtNanos;
    /** How long the last count took; touched by the counting thread only. */
    private long countTookNanos;
    /** Of the current spell at the bound, touched by the counting thread only; 0 outside one. */
    private long fullSinceNanos;
    private long lastFullNanos;
    private double refusedBefore;

    public SagaAdmission(int limit, Duration timeout, Jdbi jdbi, Sagas sagas, MeterRegistry registry) {
        this(limit, timeout, () -> jdbi.withHandle(sagas::inFlight).count(), registry);
    }

    /** @param inFlight counts the sagas in flight of all instances (the database's count) */
    SagaAdmission(int limit, Duration timeout, LongSupplier inFlight, MeterRegistry registry) {
        this.limit = limit;
        this.timeout = timeout;
        this.inFlight = inFlight;
        this.waits = Timer.builder("saga.admission.wait")
                .description("how long a create waited for room among the sagas in flight (only those that waited)")
                .register(registry);
        this.refused = Counter.builder("saga.admission.refused")
                .description("creates refused with a 503 because the sagas in flight stayed at the bound")
                .register(registry);
        this.counter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "saga-admission");
            thread.setDaemon(true);
            return thread;
        });
        counter.scheduleWithFixedDelay(this::countWhenDue, 0, COUNT_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Returns once the new order's saga may start; waits while the sagas in flight are at the bound.
     * The create closes what it gets once it is done.
     *
     * @throws com.acme.orders.platform.http.ProblemException a 503 when no room came within the timeout
     */
    @Override
    public Admitted admit() {
        if (tryEnter()) {
            return done::incrementAndGet;
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        waiting.incrementAndGet();
        try {
            synchronized (room) {
                while (!tryEnter()) {
                    long rest = deadline - System.nanoTime();
                    if (rest <= 0) {
                        refused.increment();
                        throw ProblemType.SAGAS_AT_CAPACITY.exception("sagas in flight stayed at the bound of " + limit
                                + " for " + timeout.toMillis() + " ms; retry in " + RETRY_AFTER_SECONDS + " s",
                                RETRY_AFTER_SECONDS);
                    }
                    room.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(rest), COUNT_EVERY_MS)));
                }
                return done::incrementAndGet;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemType.SAGAS_AT_CAPACITY.exception("interrupted while waiting for room among the sagas in flight",
                    RETRY_AFTER_SECONDS);
        } finally {
            waiting.decrementAndGet();
            waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts one more create in if that keeps the estimate within the bound (creates racing each other included). */
    private boolean tryEnter() {
        while (true) {
            long letIn = admitted.get();
            if (counted + letIn >= limit) {
                return false;
            }
            if (admitted.compareAndSet(letIn, letIn + 1)) {
                return true;
            }
        }
    }

    /** The sagas in flight as last counted, with the creates let in since. */
    long estimate() {
        return counted + admitted.get();
    }

    private void countWhenDue() {
        boolean busy = waiting.get() > 0 || estimate() >= limit / 2;
        if (System.nanoTime() - countedAtNanos < pauseNanos(busy, countTookNanos)) {
            return;
        }
        long doneBefore = done.get();
        long began = System.nanoTime();
        try {
            counted = inFlight.getAsLong();
            admitted.addAndGet(doneCounted - doneBefore);
            doneCounted = doneBefore;
        } catch (RuntimeException e) {
            // The creates fail on their own while the database is away; the bound waits for the next count.
            log.debug("counting the sagas in flight failed: {}", e.getMessage());
            return;
        } finally {
            countedAtNanos = System.nanoTime();
            countTookNanos = countedAtNanos - began;
        }
        long now = System.nanoTime();
        if (estimate() >= limit) {
            if (fullSinceNanos == 0) {
                fullSinceNanos = now;
                refusedBefore = refused.count();
                log.info("sagas in flight reached the bound limit={}: creates wait up to {} ms", limit,
                        timeout.toMillis());
            }
            lastFullNanos = now;
            return;
        }
        synchronized (room) {
            room.notifyAll();
        }
        // One line per spell at the bound, once it has been over for a while (it flickers while at the bound).
        if (fullSinceNanos != 0 && now - lastFullNanos > SPELL_OVER.toNanos()) {
            log.info("sagas in flight below the bound again limit={} after ms={} refused={}", limit,
                    TimeUnit.NANOSECONDS.toMillis(lastFullNanos - fullSinceNanos),
                    (long) (refused.count() - refusedBefore));
            fullSinceNanos = 0;
        }
    }

    /**
     * How long after the end of a count that took {@code tookNanos} the next is due: {@value #COUNT_EVERY_MS} ms
     * when {@code busy}, else {@value #IDLE_COUNT_EVERY_MS} ms, and at least long enough that counting takes at
     * most {@value #COUNT_SHARE_PERCENT} % of the time.
     */
    static long pauseNanos(boolean busy, long tookNanos) {
        long every = TimeUnit.MILLISECONDS.toNanos(busy ? COUNT_EVERY_MS : IDLE_COUNT_EVERY_MS);
        return Math.max(every, tookNanos * (100 - COUNT_SHARE_PERCENT) / COUNT_SHARE_PERCENT);
    }

    @Override
    public void close() {
        counter.shutdownNow();
    }
}
