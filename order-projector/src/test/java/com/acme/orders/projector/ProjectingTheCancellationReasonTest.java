package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saga that gives up cancels its order with a reason (an OrderCancelledEvent); the projector writes that reason
 * into {@code order_read_models.cancellation_reason}, and a rebuild from the event store keeps it. Sagas run
 * against a command app without participants and a short step timeout, so every order is cancelled for real by
 * the orchestrator's timeout ("... did not answer ...").
 */
@ExtendWith(SharedKafka.class)
class ProjectingTheCancellationReasonTest {

    private RunningSystem system;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        String suffix = Long.toString(System.nanoTime());
        system = RunningSystem.withoutProjector(kafka, Map.of(
                "SAGAS_ENABLED", "true",
                "SAGA_STEP_TIMEOUT", "1s",
                "SAGA_TIMEOUT_POLL", "200ms",
                "SAGA_CONSUMER_GROUP", "order-saga-" + suffix,
                "INVENTORY_COMMANDS_TOPIC", "inventory-commands-" + suffix,
                "INVENTORY_REPLIES_TOPIC", "inventory-replies-" + suffix,
                "PAYMENT_COMMANDS_TOPIC", "payment-commands-" + suffix,
                "PAYMENT_REPLIES_TOPIC", "payment-replies-" + suffix));
        system.startProjector();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_saga_cancellation_reaches_the_read_model_with_its_reason_and_a_rebuild_keeps_it() {
        long timedOut = system.createOrder(1);
        long customerCancelled = system.createOrder(2);
        system.setStatus(customerCancelled, "CANCELLED");

        Await.until(() -> reason(timedOut) != null, Duration.ofSeconds(60));
        system.awaitReadModelMatchesWriteModel();
        String projected = reason(timedOut);
        List<Map<String, Object>> incremental = RunningSystem.rows(system.read);

        assertThat(projected).containsIgnoringCase("inventory");
        assertThat(system.storedEnvelopes(timedOut)).anyMatch(envelope -> envelope.contains("OrderCancelled")
                && envelope.contains(projected));
        assertThat(status(timedOut)).isEqualTo("CANCELLED");
        assertThat(status(customerCancelled)).isEqualTo("CANCELLED");
        assertThat(reason(customerCancelled)).isNull();

        system.read.useHandle(h -> h.execute("UPDATE order_read_models SET cancellation_reason = NULL"));
        int exit = ProjectorApp.rebuild(system.config(Map.of()), line -> { });

        assertThat(exit).isZero();
        assertThat(reason(timedOut)).isEqualTo(projected);
        assertThat(RunningSystem.rows(system.read)).isEqualTo(incremental);
    }

    private String reason(long id) {
        return system.read.withHandle(h -> h.createQuery(
                        "SELECT cancellation_reason FROM order_read_models WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    private String status(long id) {
        return system.read.withHandle(h -> h.createQuery("SELECT status FROM order_read_models WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }
}
