package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.worker.Worker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projector that cannot get the topics it needs does not retry forever: it stops with one line and a non-zero
 * exit status (here recorded instead of ending the test JVM), and is not ready meanwhile.
 */
@ExtendWith(SharedKafka.class)
class StoppingOnAFailureThatCannotHealTest {

    private RunningSystem system;
    private ProjectorApp projector;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.withoutProjector(kafka, Map.of());
    }

    @AfterEach
    void stop() {
        if (projector != null) {
            projector.close();
        }
        system.close();
    }

    @Test
    void a_topic_the_broker_refuses_to_create_exits_the_projector_instead_of_retrying() throws Exception {
        CompletableFuture<Integer> exited = new CompletableFuture<>();

        projector = ProjectorApp.start(system.config(Map.of("ADMIN_PORT", "0",
                "ORDER_EVENTS_TOPIC", "spaces are not allowed in a topic name")), exited::complete);

        assertThat(exited.get(30, TimeUnit.SECONDS)).isEqualTo(Worker.FATAL_EXIT_STATUS);
        HttpJson.Response ready = HttpJson.local(projector.adminPort()).get("/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.text()).contains("InvalidTopicException");
        assertThat(projector.loop().status().consuming()).isFalse();
    }
}
