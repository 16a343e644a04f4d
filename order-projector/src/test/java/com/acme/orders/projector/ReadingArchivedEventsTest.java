package com.acme.orders.projector;

import com.acme.orders.command.archive.ArchiveSettings;
import com.acme.orders.command.archive.Archiver;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.projector.reconcile.Reconciler;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector's readers of the event store — rebuild, gap repair, the reconciler's repair — see the events the
 * command app has moved to the archive as if they were still hot.
 */
@ExtendWith(SharedKafka.class)
class ReadingArchivedEventsTest {

    private RunningSystem system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_rebuild_from_hot_and_archived_events_equals_incremental_projection(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
        system.createMixedOrders(18);
        system.awaitReadModelMatchesWriteModel();
        List<Map<String, Object>> incremental = RunningSystem.rows(system.read);
        List<Map<String, Object>> statistics = RunningSystem.statistics(system.read);
        archiveEverythingFinished();
        system.read.useHandle(handle -> handle.execute("DELETE FROM order_read_models"));
        List<String> progress = new ArrayList<>();

        int exit = ProjectorApp.rebuild(system.config(Map.of()), progress::add);

        assertThat(exit).isZero();
        assertThat(RunningSystem.rows(system.read)).isEqualTo(incremental);
        assertThat(RunningSystem.statistics(system.read)).isEqualTo(statistics);
    }

    @Test
    void a_gap_is_filled_from_archived_events(LocalKafkaBroker kafka) {
        // The relay stays off: the test decides which events reach the topic.
        system = RunningSystem.withoutProjector(kafka, Map.of("RELAY_ENABLED", "false"));
        long id = system.createOrder(5);
        system.setStatus(id, "CANCELLED");
        List<String> archived = system.storedEnvelopes(id);
        system.write.useHandle(handle -> handle.execute("DELETE FROM outbox")); // as if published
        archiveEverythingFinished();
        system.delete(id);
        List<String> hot = system.storedEnvelopes(id);
        assertThat(hot).hasSize(1);
        ProjectorApp projector = system.startProjector();
        KafkaRecords producer = new KafkaRecords(system.kafka.bootstrapServers());

        producer.send(system.orderTopic, Long.toString(id), archived.get(0));
        producer.send(system.orderTopic, Long.toString(id), hot.get(0)); // version 2 only in the archive
        producer.close();

        system.awaitReadModelMatchesWriteModel();
        assertThat(system.readModel()).containsExactly(id + " v3 CANCELLED 44.98 items=2 deleted=true");
        assertThat(system.metric(projector, "projector_gaps_repaired_total", "")).isEqualTo(1);
    }

    @Test
    void the_reconciler_repairs_an_archived_order_from_the_archive(LocalKafkaBroker kafka) {
        system = RunningSystem.withoutProjector(kafka, Map.of("RECONCILE_GRACE", "1s"));
        ProjectorApp projector = system.startProjector();
        List<Long> ids = system.createMixedOrders(6); // index 4 DELIVERED, 5 CANCELLED
        system.awaitReadModelMatchesWriteModel();
        List<Map<String, Object>> projected = RunningSystem.rows(system.read);
        archiveEverythingFinished();
        long delivered = ids.get(4);
        system.read.useHandle(handle -> handle.execute("DELETE FROM order_read_models WHERE id = ?", delivered));

        Reconciler.Report report = projector.reconciler().run(Reconciler.Mode.REPAIR, line -> { });

        assertThat(report.repaired()).containsExactly(delivered);
        assertThat(RunningSystem.rows(system.read)).isEqualTo(projected);
    }

    /** Runs the command app's archiver with a cut-off of now, once the relay has published what it holds. */
    private void archiveEverythingFinished() {
        Await.until(() -> system.write.withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox")
                .mapTo(Long.class).one()) == 0, Duration.ofSeconds(30));
        Archiver.Run run = new Archiver(system.write, new ArchiveSettings(false, Duration.ZERO, Duration.ofMinutes(10),
                100, 3), Clock.systemUTC(), new SimpleMeterRegistry()).run(false, line -> { });
        assertThat(run.orders()).isPositive();
        long archivedOrders = system.write.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM order_events_archive").mapTo(Long.class).one());
        assertThat(archivedOrders).isEqualTo(run.orders());
    }
}
