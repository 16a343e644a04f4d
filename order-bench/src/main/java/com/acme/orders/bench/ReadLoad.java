package com.acme.orders.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Closed-loop GET load for the read rows, sent by {@link Wrk} when it is on the PATH and by {@link HttpLoad}
 * otherwise. The Java client spends a thread and some CPU per request on the same two cores as the query app and
 * PostgreSQL; wrk spends far less, so its figures are nearer what the app can serve. {@code BENCH_LOAD_GENERATOR}
 * {@code java} forces the Java client (to compare with results recorded before wrk), {@code wrk} insists on wrk.
 */
final class ReadLoad {

    /** Who sent the load; each row it measures names it. */
    enum Generator {
        WRK("wrk"), JAVA("Java client");

        private final String label;

        Generator(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What a run measured, whichever generator sent it. */
    record Result(Generator generator, long requests, long errors, double perSecond, double p50Millis,
                  double p99Millis) {

        static Result of(HttpLoad.Result java) {
            return new Result(Generator.JAVA, java.requests(), java.errors(), java.perSecond(), java.p50Millis(),
                    java.p99Millis());
        }
    }

    /** The requests of a run, in the form each generator takes. */
    interface Paths {

        /** A wrk script sending these requests. */
        String lua();

        HttpLoad.Requests java(String host, int port);
    }

    /** The same path on every request; wrk builds the request once. */
    record Fixed(String path) implements Paths {

        private static final Pattern PLAIN = Pattern.compile("/[A-Za-z0-9/_.?&=%-]*");

        Fixed {
            requirePlain(path);
        }

        /** Refuses a path that could not go into a Lua string as it is. */
        static void requirePlain(String path) {
            if (!PLAIN.matcher(path).matches()) {
                throw new IllegalArgumentException("path must be plain to go into a Lua string: " + path);
            }
        }

        @Override
        public String lua() {
            return "wrk.path = \"" + path + "\"\n";
        }

        @Override
        public HttpLoad.Requests java(String host, int port) {
            byte[] request = HttpLoad.get(host, port, path);
            return n -> request;
        }
    }

    /**
     * The first {@code count} paths of {@code path} (the {@code n}th request's path), sent in turn: the Java client
     * takes {@code path(n)} itself, each wrk thread walks the same list from its own starting point. One function
     * of {@code n} for both generators, so neither has a mix of its own.
     */
    record Cycle(List<String> paths) implements Paths {

        Cycle {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("a cycle needs at least one path");
            }
            paths.forEach(Fixed::requirePlain);
            paths = List.copyOf(paths);
        }

        static Cycle of(int count, LongFunction<String> path) {
            List<String> paths = new ArrayList<>(count);
            for (long n = 0; n < count; n++) {
                paths.add(path.apply(n));
            }
            return new Cycle(paths);
        }

        @Override
        public String lua() {
            StringBuilder lua = new StringBuilder("local paths = {\n");
            paths.forEach(path -> lua.append("  \"").append(path).append("\",\n"));
            return lua.append("""
                    }
                    local threads = 0
                    function setup(thread)
                        threads = threads + 1
                        thread:set("first", threads)
                    end
                    local n, tail
                    function init(args)
                        n = (first - 1) * math.floor(#paths / 2)
                        tail = " HTTP/1.1\\r\\nHost: " .. wrk.headers["Host"] .. "\\r\\n\\r\\n"
                    end
                    function request()
                        n = n + 1
                        return "GET " .. paths[(n - 1) % #paths + 1] .. tail
                    end
                    """).toString();
        }

        @Override
        public HttpLoad.Requests java(String host, int port) {
            List<byte[]> requests = paths.stream().map(path -> HttpLoad.get(host, port, path)).toList();
            return n -> requests.get(Math.floorMod(n, requests.size()));
        }
    }

    /**
     * {@code GET /orders/{id}} on a hot set: 80 % of the requests on the first fifth of the ids, the rest on the
     * others, as pgbench's {@link PgBench#READ_ORDER_HOT} selects them. An id the synthetic data deleted is replaced
     * by the one before it: its 410 would count as an error with either generator, and the row is about live orders.
     */
    record HotOrders(long orders, long run) implements Paths {

        /** Requests a run may send before its ids would repeat the next run's (Java client). */
        private static final long REQUESTS_PER_RUN = 1L << 40;
        /** wrk threads a run may have before its seeds would be the next run's. */
        private static final long THREADS_PER_RUN = 64;

        HotOrders {
            if (orders < 2) {
                throw new IllegalArgumentException("a hot set needs at least 2 orders, not " + orders);
            }
            if (run < 0) {
                throw new IllegalArgumentException("run must be 0 or more, not " + run);
            }
        }

        /** The first run over {@code orders}. */
        HotOrders(long orders) {
            this(orders, 0);
        }

        /**
         * The same mix with other ids: a measured run that repeated its warm-up's sequence would find every cold id
         * that warm-up read already cached, and measure the near cache alone (near hits 100 % on 2026-12-02).
         */
        HotOrders next() {
            return new HotOrders(orders, run + 1);
        }

        long hot() {
            return Math.max(1, orders / 5);
        }

        /**
         * Each wrk thread draws from its own generator, seeded with the run's and the thread's number so that runs
         * repeat, and no two runs (warm-up and measurement) send the same sequence. The
         * request is written out rather than built by {@code wrk.format}, which copies the headers on every call.
         */
        @Override
        public String lua() {
            return """
                    local orders, hot, deletedEvery = %d, %d, %d
                    local threads = 0
                    function setup(thread)
                        threads = threads + 1
                        thread:set("seed", %d + threads)
                    end
                    local tail
                    function init(args)
                        math.randomseed(seed)
                        tail = " HTTP/1.1\\r\\nHost: " .. wrk.headers["Host"] .. "\\r\\n\\r\\n"
                    end
                    function request()
                        local id
                        if math.random(1, 100) <= 80 then
                            id = math.random(1, hot)
                        else
                            id = math.random(hot + 1, orders)
                        end
                        if id %% deletedEvery == 0 then
                            id = id - 1
                        end
                        return "GET /orders/" .. id .. tail
                    end
                    """.formatted(orders, hot(), SyntheticData.DELETED_EVERY, run * THREADS_PER_RUN);
        }

        @Override
        public HttpLoad.Requests java(String host, int port) {
            return n -> HttpLoad.get(host, port, "/orders/" + spread(run * REQUESTS_PER_RUN + n));
        }

        /** The id of the {@code n}th request: a hash of {@code n} picks the set, then the id within it. */
        long spread(long n) {
            long h = n * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            long id = Math.floorMod(h, 100) < 80 ? 1 + Math.floorMod(h >>> 8, hot())
                    : hot() + 1 + Math.floorMod(h >>> 8, orders - hot());
            return SyntheticData.existing(id);
        }
    }

    private final Generator generator;
    private final String host;
    private final Path workDir;

    private ReadLoad(Generator generator, String host, Path workDir) {
        this.generator = generator;
        this.host = host;
        this.workDir = workDir;
    }

    /** wrk when {@code PATH} has it, unless {@code BENCH_LOAD_GENERATOR} says otherwise; scripts go to workDir. */
    static ReadLoad fromEnv(Map<String, String> env, String host, Path workDir) {
        String asked = env.getOrDefault("BENCH_LOAD_GENERATOR", "").trim().toLowerCase(Locale.ROOT);
        boolean wrk = Wrk.onPath(env.get("PATH"));
        Generator generator = switch (asked) {
            case "" -> wrk ? Generator.WRK : Generator.JAVA;
            case "java" -> Generator.JAVA;
            case "wrk" -> {
                if (!wrk) {
                    throw new IllegalStateException("BENCH_LOAD_GENERATOR=wrk but no wrk on the PATH"
                            + " (Debian/Ubuntu: apt-get install wrk)");
                }
                yield Generator.WRK;
            }
            default -> throw new IllegalArgumentException("BENCH_LOAD_GENERATOR is wrk or java, not " + asked);
        };
        return new ReadLoad(generator, host, workDir);
    }

    Generator generator() {
        return generator;
    }

    Result run(int port, int connections, Duration duration, Paths paths) {
        return generator == Generator.WRK ? Wrk.run(host, port, connections, duration, paths.lua(), workDir)
                : Result.of(HttpLoad.run(host, port, connections, duration, paths.java(host, port)));
    }
}
