package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The projector runs the reconciler on its own every {@code RECONCILE_INTERVAL}. */
@ExtendWith(SharedKafka.class)
class ReconcilingPeriodicallyTest {

    @Test
    void a_corrupted_row_is_repaired_without_anyone_asking(LocalKafkaBroker kafka) {
        try (RunningSystem system = RunningSystem.withoutProjector(kafka, Map.of())) {
            ProjectorApp projector = system.startProjector(Map.of("RECONCILE_INTERVAL", "1s",
                    "RECONCILE_GRACE", "200ms"));
            long id = system.createOrder(1);
            system.setStatus(id, "CONFIRMED");
            system.awaitReadModelMatchesWriteModel();
            List<Map<String, Object>> projected = RunningSystem.rows(system.read);

            system.read.useHandle(handle -> handle.execute(
                    "UPDATE order_read_models SET status = 'SHIPPED', version = 7 WHERE id = ?", id));

            Await.until(() -> RunningSystem.rows(system.read).equals(projected), Duration.ofSeconds(20));
            assertThat(system.metric(projector, "reconciler_repairs_total", "")).isGreaterThanOrEqualTo(1);
            assertThat(system.metric(projector, "reconciler_passes_total", "outcome=\"completed\"")).isGreaterThanOrEqualTo(1);
        }
    }
}
