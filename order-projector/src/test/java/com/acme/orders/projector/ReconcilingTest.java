package com.acme.orders.projector;

import com.acme.orders.events.UserRegistered;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.projector.reconcile.Drift;
import com.acme.orders.projector.reconcile.Reconciler;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inconsistency alarm: a pass finds the read-model rows that disagree with the write model or the user
 * directory, reports them, and repairs exactly those from the event store; orders merely in flight are left alone.
 */
@ExtendWith(SharedKafka.class)
class ReconcilingTest {

    private LocalKafkaBroker kafka;
    private RunningSystem system;

    @BeforeEach
    void broker(LocalKafkaBroker kafka) {
        this.kafka = kafka;
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void corrupted_rows_are_detected_reported_and_repaired_to_what_the_projector_produced() {
        system = RunningSystem.withoutProjector(kafka, Map.of("RECONCILE_GRACE", "1s"));
        ProjectorApp projector = system.startProjector();
        registerUser(3, "dave", "dave@example.com");
        List<Long> ids = system.createMixedOrders(24); // index i: user 1 + i % 7; 1 CONFIRMED, 2 PROCESSING, 3 SHIPPED, ...
        system.awaitReadModelMatchesWriteModel();
        awaitUserColumns(3, "dave");
        List<Map<String, Object>> projected = RunningSystem.rows(system.read);
        List<Map<String, Object>> statistics = RunningSystem.statistics(system.read);
        long statusChanged = ids.get(1);
        long totalChanged = ids.get(2);
        long versionBumped = ids.get(3);
        long rowDeleted = ids.get(4);
        long usernameChanged = ids.get(9); // user 3, SHIPPED
        long neverOrdered = ids.get(ids.size() - 1) + 1_000;
        system.read.useHandle(handle -> {
            handle.execute("UPDATE order_read_models SET status = 'CANCELLED' WHERE id = ?", statusChanged);
            handle.execute("UPDATE order_read_models SET total_amount = total_amount + 100 WHERE id = ?", totalChanged);
            handle.execute("UPDATE order_read_models SET version = version + 5 WHERE id = ?", versionBumped);
            handle.execute("DELETE FROM order_read_models WHERE id = ?", rowDeleted);
            handle.execute("UPDATE order_read_models SET user_username = 'mallory' WHERE id = ?", usernameChanged);
            handle.execute("""
                    INSERT INTO order_read_models
                    SELECT ?, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                           user_username, user_email, items_count, is_deleted, version
                    FROM order_read_models WHERE id = ?""", neverOrdered, ids.get(5));
        });

        Reconciler.Report report = projector.reconciler().run(Reconciler.Mode.REPAIR, line -> { });

        assertThat(report.drifted()).extracting(Drift::describe).containsExactlyInAnyOrder(
                "orderId=" + statusChanged + " status: read model CANCELLED, write model CONFIRMED",
                "orderId=" + totalChanged + " totalAmount: read model 144.98, write model 44.98",
                "orderId=" + versionBumped + " version: read model 9, write model 4",
                "orderId=" + rowDeleted + " missing from the read model",
                "orderId=" + usernameChanged + " userUsername differs from user_directory",
                "orderId=" + neverOrdered + " not in the write model");
        assertThat(report.repaired()).containsExactlyInAnyOrder(statusChanged, totalChanged, versionBumped, rowDeleted,
                usernameChanged, neverOrdered);
        assertThat(report.stillDrifted()).isEmpty();
        assertThat(report.inFlight()).isZero();
        assertThat(report.compared()).isEqualTo(25);
        assertThat(report.consistent()).isTrue();
        assertThat(RunningSystem.rows(system.read)).isEqualTo(projected);
        assertThat(RunningSystem.statistics(system.read)).isEqualTo(statistics).isEqualTo(recountedStatistics());
        assertThat(system.metric(projector, "reconciler_drift_orders", "")).isEqualTo(6);
        assertThat(system.metric(projector, "reconciler_repairs_total", "")).isEqualTo(6);
        assertThat(system.metric(projector, "reconciler_passes_total", "outcome=\"completed\"")).isEqualTo(1);
        assertThat(system.metric(projector, "reconciler_pass_seconds_count", "")).isEqualTo(1);
    }

    @Test
    void a_clean_read_model_shows_no_drift_and_nothing_is_repaired() {
        system = RunningSystem.withoutProjector(kafka, Map.of("RECONCILE_GRACE", "1s"));
        ProjectorApp projector = system.startProjector();
        registerUser(1, "alice", "alice@example.com");
        system.createMixedOrders(12);
        system.awaitReadModelMatchesWriteModel();
        awaitUserColumns(1, "alice");
        List<Map<String, Object>> projected = RunningSystem.rows(system.read);

        Reconciler.Report report = projector.reconciler().run(Reconciler.Mode.REPAIR, line -> { });

        assertThat(report.compared()).isEqualTo(12);
        assertThat(report.drifted()).isEmpty();
        assertThat(report.repaired()).isEmpty();
        assertThat(report.inFlight()).isZero();
        assertThat(report.consistent()).isTrue();
        assertThat(RunningSystem.rows(system.read)).isEqualTo(projected);
        assertThat(system.metric(projector, "reconciler_drift_orders", "")).isZero();
        assertThat(system.metric(projector, "reconciler_repairs_total", "")).isZero();
        assertThat(system.metric(projector, "reconciler_passes_total", "outcome=\"completed\"")).isEqualTo(1);
    }

    @Test
    void orders_that_catch_up_within_the_grace_period_are_in_flight_and_those_that_do_not_have_drifted()
            throws Exception {
        // The relay stays off: the test decides when each event reaches the projector.
        system = RunningSystem.withoutProjector(kafka, Map.of("RELAY_ENABLED", "false", "RECONCILE_GRACE", "3s"));
        ProjectorApp projector = system.startProjector();
        long moving = system.createOrder(1);
        publish(moving, 1);
        system.awaitReadModelMatchesWriteModel();
        system.setStatus(moving, "CONFIRMED");
        long created = system.createOrder(2);
        long stuck = system.createOrder(3);
        CountDownLatch rechecking = new CountDownLatch(1);

        CompletableFuture<Reconciler.Report> pass = CompletableFuture.supplyAsync(() -> projector.reconciler()
                .run(Reconciler.Mode.REPAIR, line -> {
                    if (line.contains("re-checking")) {
                        rechecking.countDown();
                    }
                }));
        assertThat(rechecking.await(10, TimeUnit.SECONDS)).isTrue();
        publish(moving, 2);
        publish(created, 1);
        Reconciler.Report report = pass.get(20, TimeUnit.SECONDS);

        assertThat(report.inFlight()).isEqualTo(2);
        assertThat(report.drifted()).extracting(Drift::describe)
                .containsExactly("orderId=" + stuck + " missing from the read model");
        assertThat(report.repaired()).containsExactly(stuck);
        assertThat(system.readModel()).isEqualTo(system.writeModel());
        assertThat(system.metric(projector, "reconciler_drift_orders", "")).isEqualTo(1);
    }

    @Test
    void a_pass_reads_both_sides_page_by_page_and_finds_drift_on_either_side_of_a_page_boundary() {
        system = RunningSystem.withoutProjector(kafka, Map.of("RECONCILE_GRACE", "0s"));
        ProjectorApp projector = system.startProjector();
        // Two and a half pages of orders on both sides, written directly (no events: the pass only compares rows).
        long orders = Reconciler.PAGE * 5L / 2;
        system.write.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address,
                                        version)
                    SELECT n, 1, 10, 'PENDING', now(), now(), '1 Main St', 1 FROM generate_series(1, ?) AS n""", orders);
            handle.execute("""
                    INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
                    SELECT n, 1, 'SKU-1', 1, 10 FROM generate_series(1, ?) AS n""", orders);
        });
        long lastOfFirstReadPage = Reconciler.PAGE;
        long missingAfterIt = Reconciler.PAGE + 1;
        long versionChanged = 2L * Reconciler.PAGE;
        long readSideOnly = orders + 100;
        system.read.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at,
                                                   items_count, version)
                    SELECT n, 1, 10, 'PENDING', now(), now(), 1, 1 FROM generate_series(1, ?) AS n
                    WHERE n <> ?""", orders, missingAfterIt);
            handle.execute("UPDATE order_read_models SET status = 'CONFIRMED' WHERE id = ?", lastOfFirstReadPage);
            handle.execute("UPDATE order_read_models SET version = 2 WHERE id = ?", versionChanged);
            handle.execute("""
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at,
                                                   items_count, version)
                    VALUES (?, 1, 10, 'PENDING', now(), now(), 1, 1)""", readSideOnly);
        });

        Reconciler.Report report = projector.reconciler().run(Reconciler.Mode.DRY_RUN, line -> { });

        assertThat(report.compared()).isEqualTo(orders + 1);
        assertThat(report.drifted()).extracting(Drift::describe).containsExactlyInAnyOrder(
                "orderId=" + lastOfFirstReadPage + " status: read model CONFIRMED, write model PENDING",
                "orderId=" + missingAfterIt + " missing from the read model",
                "orderId=" + versionChanged + " version: read model 2, write model 1",
                "orderId=" + readSideOnly + " not in the write model");
    }

    private void publish(long orderId, int version) {
        try (KafkaRecords records = new KafkaRecords(kafka.bootstrapServers())) {
            records.send(system.orderTopic, Long.toString(orderId), system.storedEnvelopes(orderId).get(version - 1));
        }
    }

    private void registerUser(long userId, String username, String email) {
        try (KafkaRecords users = new KafkaRecords(kafka.bootstrapServers())) {
            users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), Instant.now(), userId, username, email));
        }
    }

    private void awaitUserColumns(long userId, String username) {
        Await.until(() -> system.read.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM order_read_models
                        WHERE user_id = :userId AND user_username IS DISTINCT FROM :username""")
                .bind("userId", userId).bind("username", username).mapTo(Long.class).one()) == 0, Duration.ofSeconds(20));
    }

    private List<Map<String, Object>> recountedStatistics() {
        return system.read.withHandle(handle -> handle.createQuery("""
                        SELECT t.status, count(o.id) AS order_count,
                               CAST(coalesce(sum(o.total_amount), 0) AS numeric(24, 2)) AS total_amount
                        FROM order_statistics t
                        LEFT JOIN order_read_models o ON o.status = t.status AND NOT o.is_deleted
                        GROUP BY t.status ORDER BY t.status""")
                .mapToMap().list());
    }
}
