package com.acme.orders.query.caching;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * This instance's tier: rendered answers by key, bounded by bytes, each dropped once older than its time to live.
 * Answers are copied into large byte arrays (a ring per shard, the key's shard chosen by its hash) and found through
 * an open-addressing table of longs; a hit copies the answer out. Eviction is second-chance FIFO (CLOCK) on the
 * ring: the oldest record leaves unless it was hit since it last came round, in which case it is copied to the back
 * once, its hit flag cleared.
 *
 * <p>Why not objects on the heap (the map of entries this class held before, or Caffeine before that): the cache
 * lives in the old generation, and every young collection of the serial collector scans the old generation's dirty
 * cards, which every stored entry's references dirtied, and copies every entry stored since the last one. With
 * 160 MB of entries under the bench's GET mix that was young pauses of p50 5.3-6.4 ms, p90 7.0-9.3 ms, a few a second,
 * the GET p99 (BENCHMARKS.md, 2026-12-03 late morning); and each entry evicted or replaced was garbage in the old
 * generation, only reclaimed by full collections. Byte and long arrays hold no references: a young collection never
 * scans them, a store writes into an array that is already old, and nothing stored or evicted becomes garbage.
 *
 * <p>Once full, a key is only let in the second time it is stored (a {@link Doorkeeper}, as in TinyLFU): under the
 * bench's mix a fifth of the reads go to 800,000 ids read about once each, and storing each of them would push out an
 * answer read again. While there is room every answer is stored at once.
 *
 * <p>Each shard is guarded by its own monitor, held for a lookup and a copy of at most one answer (or, for a store,
 * the evictions it needs): with 16 shards, two cores and a microsecond each, threads seldom meet there.
 */
final class NearCache {

    /** Bytes a record takes in the ring besides its key's characters and its JSON: its header. */
    static final int ENTRY_OVERHEAD = Shard.HEADER;

    private static final int MAX_SHARDS = 16;
    /** A shard holds at least this much, unless the whole cache is smaller. */
    private static final long MIN_SHARD_BYTES = 1 << 20;
    /** Per shard: a record holds at most this (and its key at most 65,535 characters). */
    private static final long MAX_SHARD_BYTES = 1 << 30;

    private final Shard[] shards;
    /** Shifts the hash's top bits down to a shard's index; 32 for one shard, which a long's shift makes 0. */
    private final int shardShift;
    private final LongSupplier nanoClock;

    /**
     * @param maxWeight bytes kept at most, by {@link #ENTRY_OVERHEAD} + key + JSON
     * @param ttlNanos  an entry older than this is not served
     * @param nanoClock {@link System#nanoTime()} outside tests
     * @param evicted   called for every entry dropped for size or age (not for invalidations)
     */
    NearCache(long maxWeight, long ttlNanos, LongSupplier nanoClock, Runnable evicted) {
        this(maxWeight, shardsFor(maxWeight), ttlNanos, nanoClock, evicted);
    }

    /** As above, with {@code shardCount} shards (a power of two) of an equal share each. */
    NearCache(long maxWeight, int shardCount, long ttlNanos, LongSupplier nanoClock, Runnable evicted) {
        if (Integer.bitCount(shardCount) != 1) {
            throw new IllegalArgumentException("shards must be a power of two, were " + shardCount);
        }
        this.nanoClock = nanoClock;
        this.shards = new Shard[shardCount];
        this.shardShift = 32 - Integer.numberOfTrailingZeros(shardCount);
        int shardBytes = (int) Math.min(MAX_SHARD_BYTES, maxWeight / shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new Shard(shardBytes, ttlNanos, evicted, Doorkeeper.BITS / shardCount);
        }
    }

    /** As many shards as keep each at {@link #MIN_SHARD_BYTES} or more, at most {@link #MAX_SHARDS}. */
    static int shardsFor(long maxWeight) {
        int shards = 1;
        while (shards < MAX_SHARDS && maxWeight / (shards * 2L) >= MIN_SHARD_BYTES) {
            shards *= 2;
        }
        return shards;
    }

    /** The answer under {@code key}, or null; a copy, the caller's to keep. */
    CachedAnswer get(String key) {
        int hash = hash(key);
        return shard(hash).get(key, hash, nanoClock.getAsLong());
    }

    /** Stores {@code answer} under {@code key}, replacing what was there, and evicts down to the bound. */
    void put(String key, CachedAnswer answer) {
        if (!storable(key)) {
            return;
        }
        int hash = hash(key);
        shard(hash).put(key, hash, answer, nanoClock.getAsLong());
    }

    void invalidate(String key) {
        int hash = hash(key);
        shard(hash).invalidate(key, hash);
    }

    void invalidateAll(Collection<String> keys) {
        keys.forEach(this::invalidate);
    }

    void invalidateAll() {
        for (Shard shard : shards) {
            shard.clear();
        }
    }

    /** The bytes held, records replaced or removed but not yet come round included; for tests. */
    long weight() {
        long weight = 0;
        for (Shard shard : shards) {
            weight += shard.used();
        }
        return weight;
    }

    private Shard shard(int hash) {
        return shards[(int) (Integer.toUnsignedLong(hash) >>> shardShift)];
    }

    /** Keys are kept as one byte a character: ASCII only ({@code order:<id>}, {@code statistics}). */
    private static boolean storable(String key) {
        if (key.length() > 0xFFFF) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The key's hash, spread: the top bits choose the shard, the low bits the table slot. */
    private static int hash(String key) {
        int hash = key.hashCode() * 0x9E3779B9;
        return hash ^ (hash >>> 16);
    }

    /**
     * A ring of records in one byte array, and the table that finds the live ones. The ring holds records from
     * {@code tail} to {@code head}; once wrapped, from {@code tail} to {@code wrapAt} and then from 0 to {@code head}.
     * A record replaced or invalidated stays in the ring, dead (no table slot points to it), until it comes round.
     * The array is allocated whole at the first store: grown step by step, the arrays it outgrew were garbage in the
     * old generation, and with them the bench's large query app reached a full collection and 433 MiB resident,
     * over its limit.
     */
    private static final class Shard {

        /** Record layout: size (int), hash (int), version (long), stored at (long), key length (short), flags. */
        private static final int SIZE = 0;
        private static final int HASH = 4;
        private static final int VERSION = 8;
        private static final int STORED_AT = 16;
        private static final int KEY_LENGTH = 24;
        private static final int FLAGS = 26;
        private static final int KEY = 28;
        static final int HEADER = KEY;

        private static final byte HIT = 1;
        private static final byte DELETED = 2;

        private static final int FIRST_SLOTS = 1 << 10;
        private static final long POSITION = 0xFFFF_FFFFL;

        private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

        private final int capacity;
        private final long ttlNanos;
        private final Runnable evicted;
        private final Doorkeeper doorkeeper;

        private byte[] arena;
        private int head;
        private int tail;
        private int wrapAt;
        private boolean wrapped;
        /** Bytes of the records in the ring, dead ones included. */
        private int used;

        /** Open addressing, linear probing: the key's hash in the high half, its record's position + 1 in the low. */
        private long[] slots = new long[FIRST_SLOTS];
        private int live;

        Shard(int capacity, long ttlNanos, Runnable evicted, int doorkeeperBits) {
            this.capacity = capacity;
            this.ttlNanos = ttlNanos;
            this.evicted = evicted;
            this.doorkeeper = new Doorkeeper(Math.max(Long.SIZE, doorkeeperBits));
            this.arena = new byte[0];
        }

        synchronized CachedAnswer get(String key, int hash, long now) {
            int slot = find(key, hash);
            if (slot < 0) {
                return null;
            }
            int at = position(slot);
            if (now - (long) LONGS.get(arena, at + STORED_AT) >= ttlNanos) {
                remove(slot);
                evicted.run();
                return null;
            }
            arena[at + FLAGS] |= HIT;
            int start = at + KEY + keyLength(at);
            byte[] json = Arrays.copyOfRange(arena, start, at + (int) INTS.get(arena, at + SIZE));
            return new CachedAnswer((long) LONGS.get(arena, at + VERSION), (arena[at + FLAGS] & DELETED) != 0, json);
        }

        synchronized void put(String key, int hash, CachedAnswer answer, long now) {
            long size = (long) HEADER + key.length() + answer.json().length;
            if (size > capacity) {
                return;
            }
            boolean seenBefore = doorkeeper.mark(hash);
            int existing = find(key, hash);
            if (existing < 0 && !seenBefore && capacity - used < size) {
                return; // full, and the first time this key is asked for: it waits for a second time
            }
            if (existing >= 0) {
                remove(existing);
            }
            int at = allocate((int) size, now);
            INTS.set(arena, at + SIZE, (int) size);
            INTS.set(arena, at + HASH, hash);
            LONGS.set(arena, at + VERSION, answer.version());
            LONGS.set(arena, at + STORED_AT, now);
            SHORTS.set(arena, at + KEY_LENGTH, (short) key.length());
            arena[at + FLAGS] = answer.deleted() ? DELETED : 0;
            for (int i = 0; i < key.length(); i++) {
                arena[at + KEY + i] = (byte) key.charAt(i);
            }
            System.arraycopy(answer.json(), 0, arena, at + KEY + key.length(), answer.json().length);
            insert(hash, at);
        }

        synchronized void invalidate(String key, int hash) {
            int slot = find(key, hash);
            if (slot >= 0) {
                remove(slot);
            }
        }

        synchronized void clear() {
            Arrays.fill(slots, 0L);
            live = 0;
            head = 0;
            tail = 0;
            used = 0;
            wrapped = false;
        }

        synchronized long used() {
            return used;
        }

        /** Where a record of {@code size} bytes (at most the capacity) goes, the oldest evicted if need be. */
        private int allocate(int size, long now) {
            while (true) {
                int at = place(size);
                if (at >= 0) {
                    return at;
                }
                if (arena.length < capacity) {
                    arena = new byte[capacity]; // the first store: the ring is empty
                } else {
                    evictOldest(now);
                }
            }
        }

        /** Takes {@code size} bytes at the head of the ring, wrapping to its start if need be; -1 if they are not free. */
        private int place(int size) {
            if (used == 0) {
                head = 0;
                tail = 0;
                wrapped = false;
            }
            int at;
            if (!wrapped) {
                if (head + size <= arena.length) {
                    at = head;
                } else if (size <= tail) {
                    wrapAt = head;
                    wrapped = true;
                    at = 0;
                } else {
                    return -1;
                }
            } else if (head + size <= tail) {
                at = head;
            } else {
                return -1;
            }
            head = at + size;
            used += size;
            return at;
        }

        /**
         * Takes the oldest record out of the ring: dead, it just goes; hit since it came round and still young, it is
         * copied to the back, its hit cleared (it fits: the bytes it frees lie just after the head, or, wrapping,
         * before the end); otherwise it is evicted.
         */
        private void evictOldest(long now) {
            int at = tail;
            int size = (int) INTS.get(arena, at + SIZE);
            tail += size;
            used -= size;
            if (wrapped && tail == wrapAt) {
                tail = 0;
                wrapped = false;
            }
            int slot = slotOf(at);
            if (slot < 0) {
                return;
            }
            if ((arena[at + FLAGS] & HIT) != 0 && now - (long) LONGS.get(arena, at + STORED_AT) < ttlNanos) {
                int to = place(size);
                System.arraycopy(arena, at, arena, to, size);
                arena[to + FLAGS] &= ~HIT;
                slots[slot] = (slots[slot] & ~POSITION) | (to + 1L);
                return;
            }
            remove(slot);
            evicted.run();
        }

        /** The slot of {@code key}'s record, or -1. */
        private int find(String key, int hash) {
            int mask = slots.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == 0) {
                    return -1;
                }
                if ((int) (slot >>> 32) == hash && keyAt(position(i), key)) {
                    return i;
                }
            }
        }

        /** The slot pointing to the record at {@code at}, or -1: it is dead. */
        private int slotOf(int at) {
            int hash = (int) INTS.get(arena, at + HASH);
            long wanted = ((long) hash << 32) | (at + 1L);
            int mask = slots.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == 0) {
                    return -1;
                }
                if (slot == wanted) {
                    return i;
                }
            }
        }

        private boolean keyAt(int at, String key) {
            int length = key.length();
            if (keyLength(at) != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (key.charAt(i) != arena[at + KEY + i]) {
                    return false;
                }
            }
            return true;
        }

        private int keyLength(int at) {
            return (short) SHORTS.get(arena, at + KEY_LENGTH) & 0xFFFF;
        }

        private int position(int slot) {
            return (int) (slots[slot] & POSITION) - 1;
        }

        private void insert(int hash, int at) {
            if (2 * (live + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                for (long slot : old) {
                    if (slot != 0) {
                        slots[freeSlot((int) (slot >>> 32))] = slot;
                    }
                }
            }
            slots[freeSlot(hash)] = ((long) hash << 32) | (at + 1L);
            live++;
        }

        private int freeSlot(int hash) {
            int mask = slots.length - 1;
            int i = hash & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            return i;
        }

        /** Empties {@code slot}, moving later slots of the same probe run back so that every key stays findable. */
        private void remove(int slot) {
            int mask = slots.length - 1;
            int hole = slot;
            for (int i = (slot + 1) & mask; slots[i] != 0; i = (i + 1) & mask) {
                int home = (int) (slots[i] >>> 32) & mask;
                if (((i - home) & mask) >= ((i - hole) & mask)) {
                    slots[hole] = slots[i];
                    hole = i;
                }
            }
            slots[hole] = 0;
            live--;
        }
    }

    /**
     * Keys stored (or turned away) recently, as a Bloom filter with two hashes; 2^22 bits (512 KB) shared out among
     * the shards, each cleared after an eighth of its bits' worth of new keys, so "recently" is the last half
     * million distinct keys or so, and false positives stay near 5 %.
     */
    private static final class Doorkeeper {

        static final int BITS = 1 << 22;

        private final long[] words;
        private final int mask;
        private final int clearAfter;
        private int marked;

        Doorkeeper(int bits) {
            this.words = new long[bits >>> 6];
            this.mask = bits - 1;
            this.clearAfter = bits >>> 3;
        }

        /** Marks the key of {@code hash}; whether it was (probably) marked already. */
        boolean mark(int hash) {
            int first = Integer.rotateLeft(hash, 7) & mask;
            int second = (Integer.rotateLeft(hash, 19) * 0x85EBCA6B >>> 7) & mask;
            boolean seen = isSet(first) & isSet(second);
            if (!seen) {
                if (++marked > clearAfter) {
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
