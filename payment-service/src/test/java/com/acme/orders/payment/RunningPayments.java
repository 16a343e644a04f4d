package com.acme.orders.payment;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentCommand;
import com.acme.orders.events.saga.RefundPayment;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.ParticipantTestEnv;
import com.acme.orders.testkit.SagaWire;
import com.acme.orders.testkit.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A payment service on a free port over its own fresh database and its own topics on a real broker, with a wire
 * to send it commands and read its replies.
 */
final class RunningPayments implements AutoCloseable {

    final TestDatabase database;
    final PaymentConfig config;
    final PaymentApp app;
    final HttpJson http;
    final Jdbi jdbi;
    final SagaWire wire;

    private RunningPayments(TestDatabase database, PaymentConfig config, SagaWire wire) {
        this.database = database;
        this.config = config;
        this.wire = wire;
        this.app = PaymentApp.start(config, Clock.systemUTC());
        this.http = HttpJson.local(app.port());
        this.jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
    }

    /** Starts with test defaults (a limit of 100.00), {@code overrides} replacing any environment variable. */
    static RunningPayments start(LocalKafkaBroker kafka, Map<String, String> overrides) {
        TestDatabase database = TestDatabase.create("payments");
        return new RunningPayments(database, config(database, kafka, overrides), new SagaWire(kafka.bootstrapServers()));
    }

    static PaymentConfig config(TestDatabase database, LocalKafkaBroker kafka, Map<String, String> overrides) {
        Map<String, String> env = ParticipantTestEnv.of("payment", database, kafka.bootstrapServers());
        env.put("PAYMENT_LIMIT", "100.00");
        env.putAll(overrides);
        return PaymentConfig.fromEnv(new Env(env));
    }

    AuthorizePayment authorize(long orderId, String amount) {
        return send(new AuthorizePayment(UUID.randomUUID(), orderId, Instant.now(), new BigDecimal(amount), "EUR"));
    }

    VoidPayment voidPayment(long orderId) {
        return send(new VoidPayment(UUID.randomUUID(), orderId, Instant.now()));
    }

    RefundPayment refund(long orderId) {
        return send(new RefundPayment(UUID.randomUUID(), orderId, Instant.now()));
    }

    <C extends PaymentCommand> C send(C command) {
        wire.send(config.messaging().inputTopic(), command);
        return command;
    }

    /** Waits for the reply to {@code commandId} and answers it. */
    SagaReply replyTo(UUID commandId) {
        return wire.replyTo(config.messaging().outputTopic(), commandId, Duration.ofSeconds(30));
    }

    List<SagaReply> replies(int count) {
        return wire.replies(config.messaging().outputTopic(), replies -> replies.size() >= count, Duration.ofSeconds(60));
    }

    /** {@code GET /payments?orderId=N}, checked to be a 200. */
    JsonNode payments(long orderId) {
        HttpJson.Response response = http.get("/payments?orderId=" + orderId);
        if (response.status() != 200) {
            throw new AssertionError("GET /payments answered " + response.status() + ": " + response.text());
        }
        return response.json();
    }

    /** The outcomes of the order's operations, oldest first. */
    List<String> outcomes(long orderId) {
        return payments(orderId).get("operations").findValuesAsText("outcome");
    }

    @Override
    public void close() {
        app.close();
        wire.close();
        database.close();
    }
}
