package com.acme.orders.inventory;

import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.ParticipantTestEnv;
import com.acme.orders.testkit.SagaWire;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An inventory service on a free port over its own fresh database and its own topics on a real broker, with a
 * wire to send it commands and read its replies.
 */
final class RunningInventory implements AutoCloseable {

    final TestDatabase database;
    final InventoryConfig config;
    final List<InventoryApp> instances = new ArrayList<>();
    final HttpJson http;
    final Jdbi jdbi;
    final SagaWire wire;

    private RunningInventory(TestDatabase database, InventoryConfig config, SagaWire wire) {
        this.database = database;
        this.config = config;
        this.wire = wire;
        this.instances.add(InventoryApp.start(config, Clock.systemUTC()));
        this.http = HttpJson.local(instances.get(0).port());
        this.jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
    }

    static RunningInventory start(LocalKafkaBroker kafka) {
        return start(kafka, Map.of());
    }

    /** Starts with test defaults, {@code overrides} replacing any environment variable. */
    static RunningInventory start(LocalKafkaBroker kafka, Map<String, String> overrides) {
        TestDatabase database = TestDatabase.create("inventory");
        return new RunningInventory(database, config(database, kafka, overrides), new SagaWire(kafka.bootstrapServers()));
    }

    static InventoryConfig config(TestDatabase database, LocalKafkaBroker kafka, Map<String, String> overrides) {
        Map<String, String> env = ParticipantTestEnv.of("inventory", database, kafka.bootstrapServers());
        env.putAll(overrides);
        return InventoryConfig.fromEnv(new Env(env));
    }

    /** A second instance of the service over the same database and topics, in the same consumer group. */
    InventoryApp startAnotherInstance() {
        InventoryApp another = InventoryApp.start(config, Clock.systemUTC());
        instances.add(another);
        return another;
    }

    String commandsTopic() {
        return config.messaging().inputTopic();
    }

    String repliesTopic() {
        return config.messaging().outputTopic();
    }

    ReserveStock reserve(long orderId, ReserveStock.Line... lines) {
        ReserveStock command = new ReserveStock(UUID.randomUUID(), orderId, Instant.now(), Arrays.asList(lines));
        wire.send(commandsTopic(), command);
        return command;
    }

    ReleaseStock release(long orderId) {
        ReleaseStock command = new ReleaseStock(UUID.randomUUID(), orderId, Instant.now());
        wire.send(commandsTopic(), command);
        return command;
    }

    static ReserveStock.Line line(String productId, int quantity) {
        return new ReserveStock.Line(productId, quantity);
    }

    /** Waits for the reply to {@code commandId} and answers it. */
    SagaReply replyTo(UUID commandId) {
        return wire.replyTo(repliesTopic(), commandId, Duration.ofSeconds(30));
    }

    /** Waits until {@code count} replies are on the topic and answers all of them. */
    List<SagaReply> replies(int count) {
        return wire.replies(repliesTopic(), replies -> replies.size() >= count, Duration.ofSeconds(60));
    }

    /** PUTs the stock of a product and checks it was accepted. */
    void setStock(String productId, int available) {
        HttpJson.Response response = http.put("/stock/" + productId, "{\"available\": " + available + "}");
        if (response.status() != 200) {
            throw new AssertionError("PUT /stock/" + productId + " answered " + response.status() + ": " + response.text());
        }
    }

    long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        instances.forEach(InventoryApp::close);
        wire.close();
        database.close();
    }
}
