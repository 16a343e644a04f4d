package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code order-projector reconcile [--dry-run]}: what it prints and the exit status scripts can rely on. */
@ExtendWith(SharedKafka.class)
class ReconcilingFromTheCommandLineTest {

    private RunningSystem system;
    private ProjectorConfig config;
    private final List<String> out = new ArrayList<>();

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
        config = system.config(Map.of("RECONCILE_GRACE", "500ms"));
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_dry_run_reports_drift_and_exits_1_and_a_repairing_run_fixes_it_and_exits_0() {
        List<Long> ids = system.createMixedOrders(6);
        system.awaitReadModelMatchesWriteModel();
        long corrupted = ids.get(1);
        system.read.useHandle(handle -> handle.execute(
                "UPDATE order_read_models SET status = 'DELIVERED' WHERE id = ?", corrupted));

        int dryRun = ProjectorApp.reconcile(config, List.of("--dry-run"), out::add);

        assertThat(dryRun).isEqualTo(1);
        assertThat(out).contains("drifted orderId=" + corrupted + " status: read model DELIVERED, write model CONFIRMED")
                .last().asString().startsWith("reconcile: compared 6 orders, 1 drifted, 0 repaired, 0 still drifted")
                .endsWith("(dry run: nothing repaired)");
        assertThat(system.readModel()).isNotEqualTo(system.writeModel());

        out.clear();
        int repairing = ProjectorApp.reconcile(config, List.of(), out::add);

        assertThat(repairing).isZero();
        assertThat(out).contains("drifted orderId=" + corrupted + " status: read model DELIVERED, write model CONFIRMED")
                .last().asString().startsWith("reconcile: compared 6 orders, 1 drifted, 1 repaired, 0 still drifted");
        assertThat(system.readModel()).isEqualTo(system.writeModel());

        out.clear();
        assertThat(ProjectorApp.reconcile(config, List.of("--dry-run"), out::add)).isZero();
        assertThat(out).singleElement().asString().startsWith("reconcile: compared 6 orders, 0 drifted");
    }

    @Test
    void drift_the_event_store_cannot_repair_exits_1_and_is_printed_as_still_drifted() {
        long id = system.createOrder(1);
        system.awaitReadModelMatchesWriteModel();
        // The write model itself is wrong: re-projecting from the event store cannot make the two agree.
        system.write.useHandle(handle -> handle.execute("UPDATE orders SET total_amount = 1.00 WHERE id = ?", id));

        int exit = ProjectorApp.reconcile(config, List.of(), out::add);

        assertThat(exit).isEqualTo(1);
        assertThat(out).contains("still drifted orderId=" + id + " totalAmount: read model 44.98, write model 1.00")
                .last().asString().startsWith("reconcile: compared 1 orders, 1 drifted, 0 repaired, 1 still drifted");
    }

    @Test
    void an_unknown_option_exits_2() {
        assertThat(ProjectorApp.reconcile(config, List.of("--everything"), out::add)).isEqualTo(2);
    }
}
