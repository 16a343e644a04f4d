package com.acme.orders.query.caching;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * This instance's tier: rendered answers by key, bounded by weight, each dropped once older than its time to live.
 * Eviction is second-chance FIFO (CLOCK): a hit only sets a flag in a primitive field of its entry, and the oldest
 * entry leaves unless it was hit since it last came round, in which case it goes to the back once.
 *
 * <p>Why not Caffeine, which the app used before: its hits reorder the hit entry in an LRU list, a few reference
 * writes into objects that live in the old generation, and every young collection of the serial collector scans
 * all the cards those writes dirtied. With a near cache of 192 MB under the bench's GET mix that was 3-9 ms per
 * pause, several pauses a second, the p99 of the whole query app (BENCHMARKS.md, 2026-12-01). A hit here writes
 * no reference at all. Misses (a store, and at most a few evictions) take a lock; hits do not.
 *
 * <p>Once full, a key is only let in the second time it is stored (a {@link Doorkeeper}, as in TinyLFU): under the
 * bench's mix a fifth of the reads go to 800,000 ids read about once each, and storing each of them evicted an
 * entry that had lived long enough to be in the old generation. That garbage is only reclaimed by the serial
 * collector's full collections, 150-200 ms each, every few seconds once the 192 MB cache had filled (GET p99 184 ms
 * after a 60 s warm-up, BENCHMARKS.md). While there is room every answer is stored at once.
 */
final class NearCache {

    /**
     * Heap bytes an entry costs besides its key's characters and its JSON, with compressed references: the entry
     * (40), the map's node (32) and table slot (~8), the answer (32), the JSON array's header (16), the key's
     * String and array headers (40), the queue's slot (~8); 120 before, which let a full cache of small orders
     * take ~15 % more heap than {@code CACHE_NEAR_MAX_MB}.
     */
    static final int ENTRY_OVERHEAD = 176;

    private static final class Entry {
        final String key;
        final CachedAnswer answer;
        final int weight;
        final long storedAtNanos;
        /** Set by hits, cleared when the entry comes round; a plain field: a lost update only costs a hint. */
        boolean hit;

        Entry(String key, CachedAnswer answer, long storedAtNanos) {
            this.key = key;
            this.answer = answer;
            this.weight = ENTRY_OVERHEAD + key.length() + answer.json().length;
            this.storedAtNanos = storedAtNanos;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Every entry stored, in the order it was stored or came round, also those since removed; under the lock. */
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** The weight of what {@link #queue} holds (removed entries too: their bytes are still reachable); under the lock. */
    private long queuedWeight;

    /** Under the lock. */
    private final Doorkeeper doorkeeper = new Doorkeeper();
    private final long maxWeight;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Runnable evicted;

    /**
     * @param maxWeight bytes kept at most, by {@link #ENTRY_OVERHEAD} + key + JSON
     * @param ttlNanos  an entry older than this is not served
     * @param nanoClock {@link System#nanoTime()} outside tests
     * @param evicted   called for every entry dropped for size or age (not for invalidations)
     */
    NearCache(long maxWeight, long ttlNanos, LongSupplier nanoClock, Runnable evicted) {
        this.maxWeight = maxWeight;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
        this.evicted = evicted;
    }

    /** The answer under {@code key}, or null. */
    CachedAnswer get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoClock.getAsLong() - entry.storedAtNanos >= ttlNanos) {
            if (entries.remove(key, entry)) {
                evicted.run();
            }
            return null;
        }
        if (!entry.hit) {
            entry.hit = true;
        }
        return entry.answer;
    }

    /** Stores {@code answer} under {@code key}, replacing what was there, and evicts down to the weight bound. */
    void put(String key, CachedAnswer answer) {
        long now = nanoClock.getAsLong();
        Entry entry = new Entry(key, answer, now);
        if (entry.weight > maxWeight) {
            return;
        }
        lock.lock();
        try {
            boolean seenBefore = doorkeeper.mark(key);
            if (queuedWeight + entry.weight > maxWeight && !seenBefore && !entries.containsKey(key)) {
                return; // full, and the first time this key is asked for: it waits for a second time
            }
            // Under the lock with the queue: an invalidateAll cannot fall between the two and leave a live entry
            // outside the queue, where eviction would never find it.
            entries.put(key, entry);
            queue.addLast(entry);
            queuedWeight += entry.weight;
            while (queuedWeight > maxWeight) {
                Entry oldest = queue.pollFirst();
                boolean live = entries.get(oldest.key) == oldest;
                if (live && oldest.hit && now - oldest.storedAtNanos < ttlNanos) {
                    oldest.hit = false;
                    queue.addLast(oldest);
                    continue;
                }
                queuedWeight -= oldest.weight;
                if (live && entries.remove(oldest.key, oldest)) {
                    evicted.run();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void invalidate(String key) {
        entries.remove(key);
    }

    void invalidateAll(Collection<String> keys) {
        keys.forEach(entries::remove);
    }

    void invalidateAll() {
        lock.lock();
        try {
            entries.clear();
            queue.clear();
            queuedWeight = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The weight held, removed entries not yet come round included; for tests. */
    long weight() {
        lock.lock();
        try {
            return queuedWeight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keys stored (or turned away) recently, as a Bloom filter of 2^22 bits (512 KB) with two hashes; cleared after
     * 2^19 new keys, so "recently" is the last half million distinct keys or so, and false positives stay near 5 %.
     */
    private static final class Doorkeeper {

        private static final int BITS = 1 << 22;
        private static final int CLEAR_AFTER = BITS >>> 3;

        private final long[] words = new long[BITS >>> 6];
        private int marked;

        /** Marks {@code key}; whether it was (probably) marked already. */
        boolean mark(String key) {
            int hash = key.hashCode() * 0x9E3779B9;
            int first = (hash ^ (hash >>> 16)) & (BITS - 1);
            int second = (Integer.rotateLeft(hash, 11) * 0x85EBCA6B >>> 10) & (BITS - 1);
            boolean seen = isSet(first) & isSet(second);
            if (!seen) {
                if (++marked > CLEAR_AFTER) {
                    Arrays.fill(words, 0L);
                    marked = 1;
                }
                set(first);
                set(second);
            }
            return seen;
        }

        private boolean isSet(int bit) {
            return (words[bit >>> 6] & (1L << bit)) != 0;
        }

        private void set(int bit) {
            words[bit >>> 6] |= 1L << bit;
        }
    }
}
