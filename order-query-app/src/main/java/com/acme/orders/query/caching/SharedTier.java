package com.acme.orders.query.caching;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The shared tier: rendered answers in Redis under one key prefix, so that every query instance over the same
 * read model, and one that just started, finds what another already read.
 *
 * <p>Redis is an accelerator, never a dependency: every command has a short timeout, and a failure marks Redis
 * down (one WARN, a metric); while down, commands are skipped at once and retried once per
 * {@value #RETRY_MILLIS} ms, and only the answer to a command sent after the latest failure ends the outage
 * ({@link RedisOutage}). Invalidations that failed or were skipped meanwhile are remembered; while any is owed
 * nothing is read from or written to Redis, and a thread of its own carries them out once Redis answers (past
 * {@value #MAX_OWED} keys, or a failed "everything", the whole prefix is emptied instead: a SCAN of Redis's whole
 * keyspace, which took request threads, and every request queued behind them, for as long). A slow GET alone owes
 * nothing, so a short stall costs no cold cache.
 */
final class SharedTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedTier.class);
    static final long RETRY_MILLIS = 1_000;
    private static final int SCAN_BATCH = 500;
    static final int MAX_OWED = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    /**
     * SET unless the value there is newer ({@code <version>,} leads every value, entry or floor): an entry replaces
     * a floor of its own version, which marked exactly that version as current.
     */
    private static final String GUARDED_SET = """
            local current = redis.call('GET', KEYS[1])
            if current then
                local held = tonumber(string.match(current, '^(%d+),'))
                local offered = tonumber(ARGV[2])
                if held and held > offered then
                    return 0
                end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1
            """;
    /**
     * A floor for every key at once, kept where the same version or a newer one is already there (KEYS[i] at ARGV[i + 1], the TTL in ARGV[1]): one
     * round trip however many orders a notification names.
     */
    private static final String GUARDED_FLOORS = """
            for i, key in ipairs(KEYS) do
                local offered = tonumber(ARGV[i + 1])
                local current = redis.call('GET', key)
                local held = current and tonumber(string.match(current, '^(%d+),'))
                if not (held and held >= offered) then
                    redis.call('SET', key, ARGV[i + 1] .. ',2,', 'PX', ARGV[1])
                end
            end
            return #KEYS
            """;

    private final long ttlMillis;
    private final RedisOutage outage = new RedisOutage(TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS));
    private final Counter failures;

    /** Connected in the background: the first connection (Netty starting up) takes far longer than a command. */
    private volatile CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection;
    /** Keys whose invalidation did not reach Redis; removed before Redis is read again. */
    private final java.util.Set<String> owed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean owesEverything;
    private volatile boolean closed;
    /** Carries out the owed invalidations; one task at a time ({@link #collecting}). */
    private final ExecutorService debtCollector = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cache-redis-debts");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean collecting = new AtomicBoolean();

    SharedTier(String url, Duration timeout, Duration ttl, String prefix, MeterRegistry registry) {
        this.uri = RedisURI.create(url);
        this.uri.setTimeout(timeout);
        this.prefix = prefix;
        this.ttlMillis = ttl.toMillis();
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                // Fail at once while disconnected instead of queueing commands until the connection returns.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
        this.failures = Counter.builder("cache.redis.failures")
                .description("Redis commands of the shared cache tier that failed or timed out (answered from PostgreSQL)")
                .register(registry);
        connect();
        Gauge.builder("cache.redis.up", () -> inUse() ? 1 : 0)
                .description("1 while the shared cache tier in Redis is in use, 0 during an outage").register(registry);
    }

    String describe() {
        return "redis " + uri.getHost() + ":" + uri.getPort() + " prefix=" + prefix;
    }

    byte[] get(String key) {
        return call(redis -> redis.get(key(key)), null);
    }

    /**
     * Writes {@code answer} unless Redis holds a newer version of it, or a floor above it: a read that began
     * before a change and stores after the change's floor landed cannot put the old version back.
     */
    void put(String key, CachedAnswer answer) {
        byte[] value = answer.encode();
        // Sent, not waited for: the request already has its answer, and the guard decides in Redis whichever
        // order writes arrive in. Its answer or failure counts when it comes (see call).
        call(redis -> redis.getStatefulConnection().async().eval(GUARDED_SET, ScriptOutputType.INTEGER,
                new byte[][]{key(key)}, value, ascii(answer.version()), ascii(ttlMillis)), null);
    }

    /**
     * Marks each key as at least its version: any older entry there is replaced by the marker (a miss for every
     * instance), and no older one can be written after it. Owed when Redis does not take them.
     */
    void floors(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return;
        }
        byte[][] keys = new byte[versions.size()][];
        byte[][] args = new byte[versions.size() + 1][];
        args[0] = ascii(ttlMillis);
        int i = 0;
        for (Map.Entry<String, Long> floor : versions.entrySet()) {
            keys[i] = key(floor.getKey());
            args[++i] = ascii(floor.getValue());
        }
        Long written = call(redis -> redis.eval(GUARDED_FLOORS, ScriptOutputType.INTEGER, keys, args), null);
        if (written == null) {
            owe(versions.keySet());
        }
    }

    private static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
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

    /** Connected and not in an outage. */
    boolean inUse() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current = connection;
        return !outage.down() && current.isDone() && !current.isCompletedExceptionally();
    }

    /** Starts connecting; a first connection that fails is tried again every {@value #RETRY_MILLIS} ms. */
    private void connect() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> attempt =
                client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
        connection = attempt;
        attempt.whenComplete((connected, failure) -> {
            if (failure != null && !closed) {
                log.debug("cache redis connect failed; retrying {}: {}", describe(), failure.toString());
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(this::connect);
            }
        });
    }

    /**
     * Runs {@code command} unless Redis is skipped now; {@code fallback} when it is, or the command fails. A command
     * that returns a {@link CompletionStage} was only sent: its answer, or its failure, counts when it completes.
     */
    private <T> T call(Function<RedisCommands<byte[], byte[]>, T> command, T fallback) {
        long started = System.nanoTime();
        if (outage.skipping(started)) {
            return fallback;
        }
        try {
            RedisCommands<byte[], byte[]> redis = connected();
            if (redis == null) {
                return fallback;
            }
            if (owes()) {
                // Not before the owed invalidations are done: Redis may hold what they remove.
                collectDebts();
                return fallback;
            }
            T result = command.apply(redis);
            if (result instanceof CompletionStage<?> sent) {
                sent.whenComplete((answer, failure) -> {
                    if (failure != null) {
                        failed(failure);
                    } else {
                        back(started);
                    }
                });
            } else {
                back(started);
            }
            return result;
        } catch (RuntimeException e) {
            failed(e);
            return fallback;
        }
    }

    /** Counts a failed command and starts an outage (one WARN), during which commands are skipped. */
    private void failed(Throwable e) {
        failures.increment();
        if (outage.failed(System.nanoTime())) {
            log.warn("cache redis unreachable; answering from PostgreSQL until it is back {}: {}", describe(),
                    e.toString());
        }
    }

    /** The commands, or null while the first connection is still being made. */
    private RedisCommands<byte[], byte[]> connected() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current = connection;
        if (!current.isDone()) {
            return null;
        }
        try {
            return current.join().sync();
        } catch (CompletionException e) {
            // Lettuce reconnects an established connection by itself; a first one that failed is retried by connect().
            throw new RedisConnectionException("cannot connect to " + uri.getHost() + ":" + uri.getPort(), e.getCause());
        }
    }

    private boolean owes() {
        return owesEverything || !owed.isEmpty();
    }

    /** Ends an outage when a command begun at {@code started} (after the last failure) was answered: one INFO. */
    private void back(long started) {
        if (outage.answered(started)) {
            log.info("cache redis back; shared tier in use again {}", describe());
        }
    }

    /** Starts carrying out the owed invalidations on {@link #debtCollector}, unless that is under way. */
    private void collectDebts() {
        if (closed || !collecting.compareAndSet(false, true)) {
            return;
        }
        try {
            debtCollector.execute(() -> {
                long started = System.nanoTime();
                try {
                    RedisCommands<byte[], byte[]> redis = connected();
                    if (redis != null) {
                        payDebts(redis);
                        back(started);
                    }
                } catch (RuntimeException e) {
                    failed(e);
                } finally {
                    collecting.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            collecting.set(false);
        }
    }

    /**
     * Carries out the invalidations Redis missed; until then no caller reads it. Only {@link #debtCollector} runs it,
     * one task at a time.
     */
    private void payDebts(RedisCommands<byte[], byte[]> redis) {
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
        closed = true;
        debtCollector.shutdownNow();
        connection.thenAccept(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
