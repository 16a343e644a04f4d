package com.acme.orders.projector;

import com.acme.orders.command.CommandApp;
import com.acme.orders.command.CommandConfig;
import com.acme.orders.events.EventCodec;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command app and projectors over their own write and read databases and their own topics on a shared
 * broker: everything real, in this JVM, on free ports.
 */
final class RunningSystem implements AutoCloseable {

    LocalKafkaBroker kafka;
    final TestDatabase writeDatabase;
    final TestDatabase readDatabase;
    final String orderTopic;
    final String userTopic;
    final String deadLetterTopic;
    final Jdbi write;
    final Jdbi read;
    CommandApp commands;
    HttpJson commandHttp;
    private final String relayId;
    private final List<ProjectorApp> projectors = new ArrayList<>();
    private final Map<String, String> overrides;

    private RunningSystem(LocalKafkaBroker kafka, Map<String, String> overrides) {
        this.kafka = kafka;
        this.overrides = overrides;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        orderTopic = "order-events-" + suffix;
        userTopic = "user-events-" + suffix;
        deadLetterTopic = "order-events-dlq-" + suffix;
        writeDatabase = TestDatabase.create("write");
        readDatabase = TestDatabase.create("read");
        write = Jdbi.create(writeDatabase.jdbcUrl(), writeDatabase.user(), writeDatabase.password());
        read = Jdbi.create(readDatabase.jdbcUrl(), readDatabase.user(), readDatabase.password());
        relayId = "relay-" + suffix;
        startCommands();
    }

    private void startCommands() {
        commands = CommandApp.start(CommandConfig.fromEnv(env(Map.of(
                "HTTP_PORT", "0",
                "RELAY_TRANSACTIONAL_ID", relayId,
                "RELAY_POLL_INTERVAL", "50ms"))), Clock.systemUTC());
        commandHttp = HttpJson.local(commands.port());
    }

    /**
     * Replaces the command app by one on the same write database that publishes to {@code other}, and points
     * projectors started from now on at {@code other} too: the system moved to another Kafka cluster.
     */
    void moveTo(LocalKafkaBroker other) {
        commands.close();
        kafka = other;
        startCommands();
    }

    /** Events stored but not yet published by the relay. */
    long unpublishedEvents() {
        return write.withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox").mapTo(Long.class).one());
    }

    /** Command app (relay on) plus one projector. */
    static RunningSystem start(LocalKafkaBroker kafka) {
        RunningSystem system = new RunningSystem(kafka, Map.of());
        system.startProjector();
        return system;
    }

    /** Command app only; start projectors yourself. {@code overrides} apply to every app. */
    static RunningSystem withoutProjector(LocalKafkaBroker kafka, Map<String, String> overrides) {
        return new RunningSystem(kafka, overrides);
    }

    ProjectorApp startProjector() {
        return startProjector(Map.of());
    }

    ProjectorApp startProjector(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("ADMIN_PORT", "0"));
        env.putAll(more);
        ProjectorApp projector = ProjectorApp.start(config(env));
        projectors.add(projector);
        return projector;
    }

    ProjectorConfig config(Map<String, String> more) {
        return ProjectorConfig.fromEnv(env(more));
    }

    void stop(ProjectorApp projector) {
        projector.close();
        projectors.remove(projector);
    }

    void stopProjectors() {
        List.copyOf(projectors).forEach(this::stop);
    }

    /** The first projector still running. */
    ProjectorApp projector() {
        return projectors.get(0);
    }

    /** The sum of a counter or histogram line family in a projector's /metrics, filtered by a tag. */
    double metric(ProjectorApp projector, String name, String tag) {
        return HttpJson.local(projector.adminPort()).get("/metrics").text().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** An order's stored events as the relay publishes them (Kafka values), oldest first. */
    List<String> storedEnvelopes(long orderId) {
        EventCodec codec = new EventCodec();
        return write.withHandle(handle -> handle.createQuery("""
                        SELECT event_id, order_id, version, type, schema_version, payload::text, occurred_at
                        FROM order_events WHERE order_id = :id ORDER BY version""")
                .bind("id", orderId)
                .map((rs, ctx) -> new String(codec.encodeEnvelope(rs.getObject(1, UUID.class), rs.getString(4),
                        rs.getInt(5), rs.getLong(2), rs.getLong(3), rs.getTimestamp(7).toInstant(), rs.getString(6)),
                        StandardCharsets.UTF_8))
                .list());
    }

    long storedEvents() {
        return write.withHandle(handle -> handle.createQuery("SELECT count(*) FROM order_events").mapTo(Long.class).one());
    }

    /** Stored consumer offsets of the order topic, partition to next offset. */
    Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        read.useHandle(handle -> handle.createQuery(
                        "SELECT kafka_partition, next_offset FROM projector_offsets WHERE topic = :topic")
                .bind("topic", orderTopic)
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                .forEach(entry -> offsets.put(entry.getKey(), entry.getValue())));
        return offsets;
    }

    Env env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("WRITE_DB_URL", writeDatabase.jdbcUrl());
        env.put("READ_DB_URL", readDatabase.jdbcUrl());
        env.put("DB_USER", writeDatabase.user());
        env.put("DB_PASSWORD", writeDatabase.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ORDER_EVENTS_TOPIC", orderTopic);
        env.put("USER_EVENTS_TOPIC", userTopic);
        env.put("DEAD_LETTER_TOPIC", deadLetterTopic);
        env.put("PROJECTOR_GROUP_ID", "projector-" + orderTopic);
        env.putAll(overrides);
        env.putAll(more);
        return new Env(env);
    }

    // ---- commands ----------------------------------------------------------------------------------

    long createOrder(long userId) {
        HttpJson.Response response = commandHttp.post("/orders", """
                {"userId": %d, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99},
                                         {"productId": "SKU-2", "quantity": 1, "unitPrice": 5.00}],
                 "shippingAddress": "1 Main St", "notes": "leave at the door"}""".formatted(userId));
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response.text());
        }
        return Long.parseLong(response.field("id"));
    }

    void setStatus(long orderId, String status) {
        HttpJson.Response response = commandHttp.put("/orders/" + orderId + "/status", "{\"status\": \"" + status + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("status change failed: " + response.text());
        }
    }

    void delete(long orderId) {
        HttpJson.Response response = commandHttp.delete("/orders/" + orderId);
        if (response.status() != 200) {
            throw new AssertionError("delete failed: " + response.text());
        }
    }

    /** A mix of orders in every status, some deleted. */
    List<Long> createMixedOrders(int count) {
        String[][] lives = {{}, {"CONFIRMED"}, {"CONFIRMED", "PROCESSING"}, {"CONFIRMED", "PROCESSING", "SHIPPED"},
                {"CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"}, {"CANCELLED"}};
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = createOrder(1 + i % 7);
            for (String status : lives[i % lives.length]) {
                setStatus(id, status);
            }
            if (i % 12 == 0 || i % 12 == 10 || i % 12 == 11) {
                delete(id); // PENDING, DELIVERED and CANCELLED orders
            }
            ids.add(id);
        }
        return ids;
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** Each order as the write model has it: id, version, status, total, items, deleted. */
    List<String> writeModel() {
        return write.withHandle(handle -> handle.createQuery("""
                        SELECT o.id || ' v' || o.version || ' ' || o.status || ' ' || o.total_amount || ' items='
                               || (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)
                               || ' deleted=' || (o.deleted_at IS NOT NULL)
                        FROM orders o ORDER BY o.id""")
                .mapTo(String.class).list());
    }

    /** The same view of the read model. */
    List<String> readModel() {
        return read.withHandle(handle -> handle.createQuery("""
                        SELECT id || ' v' || version || ' ' || status || ' ' || total_amount || ' items='
                               || items_count || ' deleted=' || is_deleted
                        FROM order_read_models ORDER BY id""")
                .mapTo(String.class).list());
    }

    /** Every column of every read-model row, for comparing two read models exactly. */
    static List<Map<String, Object>> rows(Jdbi database) {
        return database.withHandle(handle -> handle.createQuery("SELECT * FROM order_read_models ORDER BY id")
                .mapToMap().list());
    }

    static List<Map<String, Object>> statistics(Jdbi database) {
        return database.withHandle(handle -> handle.createQuery("SELECT * FROM order_statistics ORDER BY status")
                .mapToMap().list());
    }

    void awaitReadModelMatchesWriteModel() {
        Await.until(() -> readModel().equals(writeModel()), Duration.ofSeconds(60));
    }


    @Override
    public void close() {
        for (ProjectorApp projector : List.copyOf(projectors)) {
            projector.close();
        }
        commands.close();
        readDatabase.close();
        writeDatabase.close();
    }
}
