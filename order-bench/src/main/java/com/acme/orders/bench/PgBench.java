package com.acme.orders.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's limit for a database operation: pgbench running a script against the same PostgreSQL,
 * prepared statements, with per-transaction latencies logged for percentiles.
 */
final class PgBench {

    /** Throughput and latency (microseconds) of one pgbench run. */
    record Result(double tps, Histogram latency) {

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /**
     * The transaction {@code POST /orders} runs for one order, written out here: the order and its lines in one
     * statement, its creation event and outbox row in another, one commit. pgbench writes one order per
     * transaction (the app shares a transaction and its two statements among the orders arriving together); the
     * id comes from the sequence (the app takes ids in blocks).
     */
    static final String CREATE_ORDER = """
            \\set uid random(1, 100000)
            BEGIN;
            WITH new_order AS (
                INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                                    version, deleted_at)
                VALUES (nextval('orders_id_seq'), :uid, 44.98, 'PENDING', now(), now(), '1 Main St', 'leave at the door',
                        1, NULL)
                RETURNING id
            )
            INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
            SELECT id, line, product_id, quantity, unit_price FROM new_order,
                   (VALUES (1, 'SKU-1', 2, 19.99), (2, 'SKU-2', 1, 5.00)) AS l(line, product_id, quantity, unit_price);
            WITH event AS (
                INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                VALUES (gen_random_uuid(), currval('orders_id_seq'), 1, 'OrderCreated', 2,
                        '{"userId": 42, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99}, {"productId": "SKU-2", "quantity": 1, "unitPrice": 5.00}], "totalAmount": 44.98, "shippingAddress": "1 Main St", "notes": "leave at the door"}',
                        now())
                RETURNING position
            )
            INSERT INTO outbox (position) SELECT position FROM event;
            END;
            """;

    /** The same row {@code GET /orders/{id}} reads, by primary key. */
    static final String READ_ORDER = """
            \\set id random(1, :maxid)
            SELECT id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, user_username,
                   user_email, items_count, version, is_deleted
            FROM order_read_models WHERE id = :id;
            """;

    /**
     * The same select on a hot set: 80% of the selects on the first 20% of the ids ({@code hot} =
     * {@code maxid / 5}), the rest on the others, as {@link ReadLoad.HotOrders} spreads {@code GET /orders/{id}}.
     */
    static final String READ_ORDER_HOT = """
            \\set r random(1, 100)
            \\if :r <= 80
            \\set id random(1, :hot)
            \\else
            \\set id random(:hot + 1, :maxid)
            \\endif
            SELECT id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, user_username,
                   user_email, items_count, version, is_deleted
            FROM order_read_models WHERE id = :id;
            """;

    /**
     * The statistics computed from the orders, as {@code order_statistics} holds them (per status, deleted orders
     * left out): what {@code GET /orders/statistics} would cost with neither the trigger-kept table nor the cache.
     */
    static final String STATISTICS_FROM_THE_ORDERS = """
            SELECT status, count(*), sum(total_amount) FROM order_read_models WHERE NOT is_deleted GROUP BY status;
            """;

    private PgBench() {
    }

    static Result run(Database database, String script, int clients, Duration duration, Path workDir,
                      String... variables) {
        try {
            Path dir = Files.createTempDirectory(workDir, "pgbench-");
            Path file = dir.resolve("script.sql");
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", database.host(),
                    "-p", Integer.toString(database.port()), "-U", database.user(),
                    "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                    "-T", Long.toString(Math.max(1, duration.toSeconds())), "-M", "prepared", "-f", file.toString(),
                    "-l", "--log-prefix=" + dir.resolve("log")));
            for (String variable : variables) {
                command.add("-D");
                command.add(variable);
            }
            command.add(database.name());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
            builder.environment().put("PGPASSWORD", database.password());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pgbench failed:\n" + output);
            }
            Matcher tps = TPS.matcher(output);
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench output:\n" + output);
            }
            return new Result(Double.parseDouble(tps.group(1)), latencies(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pgbench (is it installed? it comes with PostgreSQL)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Per-transaction log lines: client, transaction, latency in µs, script, epoch, µs. */
    private static Histogram latencies(Path dir) throws IOException {
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    lines.forEach(line -> {
                        String[] fields = line.split(" ");
                        if (fields.length >= 3) {
                            histogram.recordValue(Math.min(Long.parseLong(fields[2]), histogram.getHighestTrackableValue()));
                        }
                    });
                }
            }
        }
        return histogram;
    }
}
