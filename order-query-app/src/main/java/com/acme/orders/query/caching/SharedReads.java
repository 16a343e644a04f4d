package com.acme.orders.query.caching;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a near miss is worth a Redis lookup: yes while Redis answered at least {@value #MIN_HITS_PERCENT} % of
 * the last {@value #WINDOW} lookups, otherwise only every {@value #PROBE_EVERY}th miss asks, to notice when Redis
 * becomes worth asking again (another instance warmed it); the others go to the read database at once.
 *
 * <p>A lookup that misses costs a round trip and two thread hand-offs (Lettuce's event loop), about what the
 * read database's primary-key select it then makes anyway costs on the same host: in the bench's GET mix one
 * instance's Redis answered 0-11 % of its near misses, for about a fifth of the query app's CPU
 * (BENCHMARKS.md, 2026-12-02). Writes are not affected: every answer read from the database still goes to Redis
 * for the other instances and the next start.
 *
 * <p>Counts are shared by all request threads without a lock; a lookup counted in the wrong window only moves a
 * verdict by one in {@value #WINDOW}.
 */
final class SharedReads {

    static final int WINDOW = 200;
    static final int MIN_HITS_PERCENT = 10;
    static final int PROBE_EVERY = 8;

    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private volatile boolean worthAsking = true;

    /** Whether this near miss should ask Redis; false means: go to the database. */
    boolean ask() {
        return worthAsking || misses.incrementAndGet() % PROBE_EVERY == 0;
    }

    /** What a lookup {@link #ask()} allowed found; at the end of each window, decides whether asking is worth it. */
    void answered(boolean hit) {
        int hitsSoFar = hit ? hits.incrementAndGet() : hits.get();
        if (asked.incrementAndGet() == WINDOW) {
            worthAsking = hitsSoFar * 100 >= MIN_HITS_PERCENT * WINDOW;
            hits.addAndGet(-hitsSoFar);
            asked.addAndGet(-WINDOW);
        }
    }

    boolean worthAsking() {
        return worthAsking;
    }
}
