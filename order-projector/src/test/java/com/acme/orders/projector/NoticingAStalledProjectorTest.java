package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projector that is alive and assigned but does not advance while events wait is stalled: not ready, and
 * {@code projector_stalled} is 1. Here the stall is real: another session holds a lock on the read model, so the
 * batch waits in PostgreSQL and cannot commit.
 */
@ExtendWith(SharedKafka.class)
class NoticingAStalledProjectorTest {

    private RunningSystem system;
    private ProjectorApp projector;
    private HttpJson admin;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.withoutProjector(kafka, Map.of());
        projector = system.startProjector(Map.of("PROJECTOR_STALL_AFTER", "2s"));
        admin = HttpJson.local(projector.adminPort());
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_projector_idle_for_longer_than_the_stall_limit_is_not_stalled() throws Exception {
        system.createMixedOrders(3);
        system.awaitReadModelMatchesWriteModel();

        Thread.sleep(3_000); // beyond PROJECTOR_STALL_AFTER, with nothing to do

        assertThat(admin.get("/ready").status()).isEqualTo(200);
        assertThat(stalledGauge()).isZero();
    }

    @Test
    void a_batch_that_cannot_commit_makes_the_projector_stalled_until_it_can() {
        system.createMixedOrders(3);
        system.awaitReadModelMatchesWriteModel();
        assertThat(admin.get("/ready").status()).isEqualTo(200);

        try (Handle blocker = system.read.open()) {
            blocker.begin();
            // Reads go on; the projector's writes wait for this transaction.
            blocker.execute("LOCK TABLE order_read_models IN EXCLUSIVE MODE");
            system.createMixedOrders(3);

            Await.until(() -> admin.get("/ready").status() == 503, Duration.ofSeconds(30));
            HttpJson.Response ready = admin.get("/ready");
            assertThat(ready.json().at("/checks/progress/status").asText()).isEqualTo("DOWN");
            assertThat(ready.text()).contains("stalled").contains("while events wait");
            assertThat(stalledGauge()).isEqualTo(1.0);
            assertThat(system.readModel()).isNotEqualTo(system.writeModel());

            blocker.rollback();
        }

        system.awaitReadModelMatchesWriteModel();
        Await.until(() -> admin.get("/ready").status() == 200, Duration.ofSeconds(30));
        assertThat(stalledGauge()).isZero();
    }

    private double stalledGauge() {
        return system.metric(projector, "projector_stalled", "app=");
    }
}
