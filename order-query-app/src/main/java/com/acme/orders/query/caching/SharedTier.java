package com.acme.orders.query.caching;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The shared tier: rendered answers in Redis under one key prefix, so that every query instance over the same
 * read model, and one that just started, finds what another already read.
 *
 * <p>Redis is an accelerator, never a dependency: every command has a short timeout, and a failure marks Redis
 * down (one WARN, a metric); while down, commands are skipped at once and retried once per
 * {@value #RETRY_MILLIS} ms. Invalidations that failed or were skipped meanwhile are remembered and carried out
 * by the first successful contact before anything is read (past {@value #MAX_OWED} keys, or a failed "everything",
 * the whole prefix is emptied instead). A slow GET alone owes nothing, so a short stall costs no cold cache.
 */
final class SharedTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedTier.class);
    static final long RETRY_MILLIS = 1_000;
    private static final int SCAN_BATCH = 500;
    static final int MAX_OWED = 10_000;

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    private final SetArgs expiry;
    private final AtomicBoolean down = new AtomicBoolean(false);
    private final Counter failures;
    private final Object connecting = new Object();

    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    /** Keys whose invalidation did not reach Redis; removed before Redis is read again. */
    private final java.util.Set<String> owed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean owesEverything;
    private volatile long retryAtNanos;

    SharedTier(String url, Duration timeout, Duration ttl, String prefix, MeterRegistry registry) {
        this.uri = RedisURI.create(url);
        this.uri.setTimeout(timeout);
        this.prefix = prefix;
        this.expiry = SetArgs.Builder.px(ttl.toMillis());
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                // Fail at once while disconnected instead of queueing commands until the connection returns.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        this.failures = Counter.builder("cache.redis.failures")
                .description("Redis commands of the shared cache tier that failed or timed out (answered from PostgreSQL)")
                .register(registry);
        Gauge.builder("cache.redis.up", () -> down.get() ? 0 : 1)
                .description("1 while the shared cache tier in Redis is in use, 0 during an outage").register(registry);
    }

    String describe() {
        return "redis " + uri.getHost() + ":" + uri.getPort() + " prefix=" + prefix;
    }

    byte[] get(String key) {
        return call(redis -> redis.get(key(key)), null);
    }

    void set(String key, byte[] value) {
        call(redis -> redis.set(key(key), value, expiry), null);
    }

    void delete(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        byte[][] names = keys.stream().map(this::key).toArray(byte[][]::new);
        if (call(redis -> redis.unlink(names), null) == null) {
            owe(keys);
        }
    }

    /** Removes every entry under this prefix. */
    void deleteAll() {
        if (call(this::deleteEverything, null) == null) {
            owesEverything = true;
        }
    }

    private void owe(Collection<String> keys) {
        if (owed.size() + keys.size() > MAX_OWED) {
            owesEverything = true;
        } else {
            owed.addAll(keys);
        }
    }

    boolean isDown() {
        return down.get();
    }

    private <T> T call(Function<RedisCommands<byte[], byte[]>, T> command, T fallback) {
        if (down.get() && System.nanoTime() < retryAtNanos) {
            return fallback;
        }
        try {
            RedisCommands<byte[], byte[]> redis = connected();
            if (owesEverything || !owed.isEmpty()) {
                payDebts(redis);
            }
            T result = command.apply(redis);
            if (down.compareAndSet(true, false)) {
                log.info("cache redis back; shared tier in use again {}", describe());
            }
            return result;
        } catch (RuntimeException e) {
            failures.increment();
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            if (down.compareAndSet(false, true)) {
                log.warn("cache redis unreachable; answering from PostgreSQL until it is back {}: {}", describe(),
                        e.toString());
            }
            return fallback;
        }
    }

    private RedisCommands<byte[], byte[]> connected() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current == null) {
            synchronized (connecting) {
                current = connection;
                if (current == null) {
                    current = client.connect(ByteArrayCodec.INSTANCE, uri);
                    connection = current;
                }
            }
        }
        return current.sync();
    }

    /** Carries out the invalidations Redis missed; until then no caller reads it. */
    private void payDebts(RedisCommands<byte[], byte[]> redis) {
        synchronized (connecting) {
            if (owesEverything) {
                // Cleared first: an invalidation failing meanwhile sets it again.
                owesEverything = false;
                owed.clear();
                try {
                    deleteEverything(redis);
                } catch (RuntimeException e) {
                    owesEverything = true;
                    throw e;
                }
                log.info("cache redis emptied of prefix {} after missed invalidations", prefix);
            }
            if (!owed.isEmpty()) {
                List<String> keys = List.copyOf(owed);
                redis.unlink(keys.stream().map(this::key).toArray(byte[][]::new));
                owed.removeAll(keys);
            }
        }
    }

    private Boolean deleteEverything(RedisCommands<byte[], byte[]> redis) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH);
        KeyScanCursor<byte[]> cursor = redis.scan(match);
        while (true) {
            List<byte[]> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
                redis.unlink(keys.toArray(byte[][]::new));
            }
            if (cursor.isFinished()) {
                return Boolean.TRUE;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
        }
    }

    private byte[] key(String key) {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
