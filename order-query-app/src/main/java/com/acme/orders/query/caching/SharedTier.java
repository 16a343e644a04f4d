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
 * {@value #RETRY_MILLIS} ms. Entries written before an outage may have missed invalidations meanwhile, so the
 * first successful contact after one empties this prefix before anything is read.
 */
final class SharedTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedTier.class);
    static final long RETRY_MILLIS = 1_000;
    private static final int SCAN_BATCH = 500;

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    private final SetArgs expiry;
    private final AtomicBoolean down = new AtomicBoolean(false);
    private final Counter failures;
    private final Object connecting = new Object();

    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    // Entries another instance kept up while this one started are good; only after an outage of our own are they not.
    private volatile boolean emptied = true;
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
        call(redis -> redis.unlink(names), null);
    }

    /** Removes every entry under this prefix. */
    void deleteAll() {
        call(this::deleteEverything, null);
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
            if (!emptied) {
                emptyAfterOutage(redis);
            }
            T result = command.apply(redis);
            if (down.compareAndSet(true, false)) {
                log.info("cache redis back; shared tier in use again {}", describe());
            }
            return result;
        } catch (RuntimeException e) {
            failures.increment();
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            emptied = false;
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

    private void emptyAfterOutage(RedisCommands<byte[], byte[]> redis) {
        synchronized (connecting) {
            if (!emptied) {
                deleteEverything(redis);
                emptied = true;
            }
        }
    }

    private Object deleteEverything(RedisCommands<byte[], byte[]> redis) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH);
        KeyScanCursor<byte[]> cursor = redis.scan(match);
        while (true) {
            List<byte[]> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
                redis.unlink(keys.toArray(byte[][]::new));
            }
            if (cursor.isFinished()) {
                return null;
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
