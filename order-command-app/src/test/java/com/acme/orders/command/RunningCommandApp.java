package com.acme.orders.command;

import com.acme.orders.command.outbox.RelaySettings;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A command app on a free port over its own fresh database and a real broker. */
final class RunningCommandApp implements AutoCloseable {

    final TestDatabase database;
    final CommandConfig config;
    final CommandApp app;
    final HttpJson http;
    final Jdbi jdbi;

    private RunningCommandApp(TestDatabase database, CommandConfig config, CommandApp app) {
        this.database = database;
        this.config = config;
        this.app = app;
        this.http = HttpJson.local(app.port());
        this.jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
    }

    static RunningCommandApp start(LocalKafkaBroker kafka) {
        return start(kafka, Map.of());
    }

    /** Starts with test defaults, {@code overrides} replacing any environment variable. */
    static RunningCommandApp start(LocalKafkaBroker kafka, Map<String, String> overrides) {
        TestDatabase database = TestDatabase.create("command");
        CommandConfig config = config(database, kafka, overrides);
        return new RunningCommandApp(database, config, CommandApp.start(config, Clock.systemUTC()));
    }

    static CommandConfig config(TestDatabase database, LocalKafkaBroker kafka, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("WRITE_DB_URL", database.jdbcUrl());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // Each test database gets its own relay identity, so checkpoints of different databases never mix.
        env.put("RELAY_TRANSACTIONAL_ID", "relay-" + database.name());
        env.put("RELAY_POLL_INTERVAL", "50ms");
        env.put("RELAY_MAX_BACKOFF", "500ms");
        env.putAll(overrides);
        return CommandConfig.fromEnv(new Env(env));
    }

    /** Stops the app (as a crash or a deploy would) and starts it again over the same database and settings. */
    RunningCommandApp restarted() {
        app.close();
        return startedAgain();
    }

    /** After {@code app.close()}: the app started again over the same database and settings. */
    RunningCommandApp startedAgain() {
        return new RunningCommandApp(database, config, CommandApp.start(config, Clock.systemUTC()));
    }

    RelaySettings relaySettings() {
        return config.relay();
    }

    long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    List<String> strings(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    List<Long> longs(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).list());
    }

    @Override
    public void close() {
        app.close();
        database.close();
    }

    static String orderJson(long userId, String... items) {
        return """
                {"userId": %d, "items": [%s], "shippingAddress": "1 Main St", "notes": "leave at the door"}
                """.formatted(userId, String.join(", ", items));
    }

    static String item(String productId, int quantity, String unitPrice) {
        return """
                {"productId": "%s", "quantity": %d, "unitPrice": %s}""".formatted(productId, quantity, unitPrice);
    }

    static String anOrder() {
        return orderJson(42, item("SKU-1", 2, "19.99"), item("SKU-2", 1, "5.00"));
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }
}
