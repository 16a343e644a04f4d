package com.acme.orders.query.caching;

import com.acme.orders.query.consistency.ChangeSubscriber;
import com.acme.orders.query.consistency.ChangedOrders;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rendered answers in two tiers: a near cache in this instance ({@link NearCache}), then the shared tier (Redis) when
 * configured and while it has answers often enough ({@link SharedReads}), then the read database. Entries carry the
 * order's version.
 *
 * <p>Never older than the notification: the read model's listener tells this cache of every committed change
 * before it releases waiting requests. The changed entries leave the near cache, and the version each changed
 * order now has becomes its floor, here and in Redis (a marker replacing older entries): no tier serves below
 * it, and Redis refuses to store below it, so a read on another instance that began before the change cannot
 * put the old version back after it. While the listener does not hear notifications, nothing is served from
 * the cache. A near fill that raced with an invalidation takes its entry out again: it stores, then checks
 * whether an invalidation happened since it began reading.
 */
public final class ReadCache implements ChangeSubscriber, AutoCloseable {

    /** The statistics' key: every change of an order changes them. */
    public static final String STATISTICS = "statistics";

    private static final Logger log = LoggerFactory.getLogger(ReadCache.class);
    /** Floors outlive the entries they guard only if they are kept long enough: recent changes, bounded. */
    private static final int MAX_FLOORS = 20_000;
    /**
     * The invalidation lag is read for at most one notification in this interval: reading it for every one cost a
     * read-database query per projector batch, 8 % of the query app's CPU at 240 orders/s (BENCHMARKS.md, 2026-12-01
     * late), and under a burst the reads queued behind each other and measured later changes.
     */
    private static final Duration LAG_SAMPLE_INTERVAL = Duration.ofMillis(50);

    private final NearCache near;
    /** The version each recently changed order reached: no entry below it is served, whichever tier it is in. */
    private final Cache<String, Long> floors;
    private final Optional<SharedTier> shared;
    private final Jdbi jdbi;
    private final AtomicLong invalidations = new AtomicLong();
    private final ExecutorService lagReader;
    private final Sampling lagSampling = new Sampling(LAG_SAMPLE_INTERVAL.toNanos(), System::nanoTime);
    private final Counter nearHits;
    private final Counter nearMisses;
    private final Counter sharedHits;
    private final Counter sharedMisses;
    private final Counter sharedSkipped;
    /** Whether a near miss asks Redis: not while Redis rarely has the answer. */
    private final SharedReads sharedReads = new SharedReads();
    private final Timer invalidationLag;
    private final Counter notificationsHandled;

    private final boolean enabled;

    private volatile boolean listening;
    private volatile boolean reconnected;

    public ReadCache(CacheSettings settings, Jdbi jdbi, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.enabled = settings.enabled();
        Counter nearEvictions = evictions(registry, "near");
        // By bytes: the cache takes what it is given, whatever the orders' sizes.
        this.near = new NearCache(settings.nearMaxMb() * 1024L * 1024L, settings.nearTtl().toNanos(), System::nanoTime,
                nearEvictions::increment);
        this.floors = Caffeine.newBuilder()
                .maximumSize(MAX_FLOORS)
                .expireAfterWrite(settings.redisTtl())
                .build();
        this.shared = settings.redisUrl().filter(url -> enabled).map(url -> new SharedTier(url, settings.redisTimeout(),
                settings.redisTtl(), settings.redisPrefix(), registry));
        this.nearHits = gets(registry, "hit", "near");
        this.nearMisses = gets(registry, "miss", "near");
        this.sharedHits = gets(registry, "hit", "redis");
        this.sharedMisses = gets(registry, "miss", "redis");
        this.sharedSkipped = Counter.builder("cache.redis.skipped")
                .description("near misses read from the database without asking Redis, which had answered fewer than "
                        + SharedReads.MIN_HITS_PERCENT + " % of its recent lookups")
                .register(registry);
        this.invalidationLag = Timer.builder("cache.invalidation.lag")
                .description("from the read model's change (its commit) to its entries leaving this instance's cache")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.notificationsHandled = Counter.builder("cache.invalidations")
                .description("change notifications of the read model that emptied cache entries")
                .register(registry);
        this.lagReader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cache-invalidation-lag");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One line for the start-up log. */
    public String describe() {
        if (!enabled) {
            return "cache off";
        }
        return "near cache on" + shared.map(tier -> ", shared tier " + tier.describe()).orElse(", no shared tier");
    }

    /** The order's key. */
    public static String order(long orderId) {
        return "order:" + orderId;
    }

    /**
     * The answer under {@code key} at {@code atLeastVersion} or later: from this instance, from Redis, or else
     * from {@code load} (the read database), which is then cached. Empty when {@code load} finds nothing.
     */
    public Optional<CachedAnswer> get(String key, long atLeastVersion, Supplier<Optional<CachedAnswer>> load) {
        if (!enabled || !listening) {
            // Changes could go unannounced: the database is the only safe answer.
            return load.get();
        }
        long atLeast = atLeast(key, atLeastVersion);
        CachedAnswer cached = near.get(key);
        if (cached != null && cached.version() >= atLeast) {
            nearHits.increment();
            return Optional.of(cached);
        }
        nearMisses.increment();
        long before = invalidations.get();
        // The statistics change with every order: each instance reads them once per change, Redis would not help.
        Optional<SharedTier> tier = key.equals(STATISTICS) ? Optional.empty() : shared;
        CachedAnswer remote = tier.map(redis -> fromShared(redis, key, atLeast)).orElse(null);
        if (remote != null) {
            keepNear(key, remote, before);
            return Optional.of(remote);
        }
        Optional<CachedAnswer> loaded = load.get();
        loaded.ifPresent(answer -> {
            keepNear(key, answer, before);
            // Guarded by version in Redis: an old answer read before a change cannot overwrite its floor.
            tier.ifPresent(redis -> redis.put(key, answer));
        });
        return loaded;
    }

    /**
     * The rendered answer under {@code key} when this instance holds it and may serve it to a request that demands no
     * version (one without a token), counted as a near hit; otherwise null and nothing counted, a deleted order's
     * entry included: the caller then goes through {@link #get}, which counts what it finds. It never waits and never
     * leaves this instance.
     */
    public CachedAnswer nearHit(String key) {
        if (!enabled || !listening) {
            return null;
        }
        CachedAnswer cached = near.get(key);
        if (cached == null || cached.deleted() || cached.version() < atLeast(key, 0)) {
            return null;
        }
        nearHits.increment();
        return cached;
    }

    /** The version an answer under {@code key} must have: what the caller demands, and at least the key's floor. */
    private long atLeast(String key, long demanded) {
        Long floor = floors.getIfPresent(key);
        return floor == null ? demanded : Math.max(floor, demanded);
    }

    /**
     * Redis's answer under {@code key} at {@code atLeast} or later; null when it has none, or is not asked because it
     * rarely has one ({@link SharedReads}).
     */
    private CachedAnswer fromShared(SharedTier tier, String key, long atLeast) {
        if (!sharedReads.ask()) {
            sharedSkipped.increment();
            return null;
        }
        CachedAnswer remote = CachedAnswer.decode(tier.get(key));
        boolean hit = remote != null && remote.version() >= atLeast;
        if (tier.inUse()) {
            // An outage's skipped commands say nothing of what Redis holds.
            sharedReads.answered(hit);
        }
        (hit ? sharedHits : sharedMisses).increment();
        return hit ? remote : null;
    }

    private void keepNear(String key, CachedAnswer answer, long invalidationsBefore) {
        near.put(key, answer);
        if (invalidations.get() != invalidationsBefore) {
            // An invalidation ran while this was read: it may be the old version. Its removal may have run
            // before the put above, so remove it here too.
            near.invalidate(key);
        }
    }

    @Override
    public void listening(boolean listening) {
        if (listening) {
            // Whatever was announced while nobody listened is lost: start this instance over. The shared tier
            // was kept by the other instances; the changed(everything) that follows a reconnect spares it.
            invalidations.incrementAndGet();
            near.invalidateAll();
            reconnected = true;
        }
        this.listening = listening;
    }

    @Override
    public void changed(ChangedOrders changed, Map<Long, Long> versions) {
        invalidations.incrementAndGet();
        if (changed.everything()) {
            near.invalidateAll();
            if (!reconnected) {
                shared.ifPresent(SharedTier::deleteAll);
            }
        } else {
            List<String> keys = new ArrayList<>(changed.ids().size() + 1);
            changed.ids().forEach(id -> keys.add(order(id)));
            keys.add(STATISTICS);
            near.invalidateAll(keys);
            raiseFloors(changed, versions);
            // Reads that began before the floors were raised may hold the old version: they drop what they store.
            invalidations.incrementAndGet();
        }
        reconnected = false;
        notificationsHandled.increment();
        recordLag(Instant.now());
    }

    /**
     * Records the version each changed order has now, here and in Redis, so that no tier answers with an older
     * one: another instance's read that began before the change cannot put it back. An order rewritten in place
     * (named without a version: same version, other content) also leaves Redis; one without a version at all is
     * only removed.
     */
    private void raiseFloors(ChangedOrders changed, Map<Long, Long> versions) {
        Set<Long> rewritten = changed.withoutVersion(changed.ids());
        if (!rewritten.isEmpty()) {
            shared.ifPresent(tier -> tier.delete(rewritten.stream().map(ReadCache::order).toList()));
        }
        Map<String, Long> byKey = new HashMap<>(changed.ids().size());
        for (long id : changed.ids()) {
            Long version = versions.get(id);
            if (version != null) {
                byKey.put(order(id), version);
            }
        }
        byKey.forEach(floors::put);
        shared.ifPresent(tier -> tier.floors(byKey));
    }

    /**
     * The invalidation lag: from the read model's last change ({@code read_model_position.changed_at}, set in
     * the committing transaction) to now, read off the listener's thread, for one notification in
     * {@link #LAG_SAMPLE_INTERVAL}.
     */
    private void recordLag(Instant invalidatedAt) {
        if (!lagSampling.due()) {
            return;
        }
        lagReader.execute(() -> {
            try {
                Timestamp changedAt = jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT changed_at FROM read_model_position")
                        .mapTo(Timestamp.class).findOne().orElse(null));
                if (changedAt != null) {
                    Duration lag = Duration.between(changedAt.toInstant(), invalidatedAt);
                    if (!lag.isNegative() && lag.compareTo(Duration.ofMinutes(1)) < 0) {
                        invalidationLag.record(lag);
                    }
                }
            } catch (RuntimeException e) {
                log.debug("cannot read the read model's change time for the invalidation lag: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        lagReader.shutdownNow();
        shared.ifPresent(SharedTier::close);
    }

    private static Counter gets(MeterRegistry registry, String result, String tier) {
        return Counter.builder("cache.gets")
                .description("cache lookups of the query app by result and tier")
                .tag("result", result)
                .tag("tier", tier)
                .register(registry);
    }

    private static Counter evictions(MeterRegistry registry, String tier) {
        return Counter.builder("cache.evictions")
                .description("entries the cache dropped for size or age (not invalidations)")
                .tag("tier", tier)
                .register(registry);
    }
}
