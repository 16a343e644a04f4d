package com.acme.orders.projector;

import com.acme.orders.events.UserRegistered;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuild from the event store produces exactly what incremental projection produced. */
@ExtendWith(SharedKafka.class)
class RebuildingTest {

    private RunningSystem system;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
        try (KafkaRecords users = new KafkaRecords(kafka.bootstrapServers())) {
            users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), Instant.now(), 3, "dave", "d@example.com"));
        }
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void rebuild_equals_incremental_projection() {
        system.createMixedOrders(60);
        system.awaitReadModelMatchesWriteModel();
        Await.until(() -> system.read.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM order_read_models WHERE user_username = 'dave'").mapTo(Long.class).one()) > 0,
                Duration.ofSeconds(20));
        List<Map<String, Object>> incremental = RunningSystem.rows(system.read);
        List<Map<String, Object>> statistics = RunningSystem.statistics(system.read);
        system.read.useHandle(handle -> handle.execute(
                "UPDATE order_read_models SET status = 'PENDING', total_amount = 0 WHERE id % 5 = 0"));
        List<String> progress = new ArrayList<>();

        int exit = ProjectorApp.rebuild(system.config(Map.of()), progress::add);

        assertThat(exit).isZero();
        assertThat(RunningSystem.rows(system.read)).isEqualTo(incremental);
        assertThat(RunningSystem.statistics(system.read)).isEqualTo(statistics);
        assertThat(progress).anyMatch(line -> line.startsWith("rebuild: done, 60 orders from"));
        assertThat(indexNames()).contains("order_read_models_pkey", "order_read_models_user",
                "order_read_models_status", "order_read_models_created", "order_read_models_amount");
    }

    @Test
    void rebuilding_while_commands_and_the_projector_keep_running_loses_nothing() throws Exception {
        system.createMixedOrders(40);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                long id = system.createOrder(1 + i++ % 5);
                system.setStatus(id, "CONFIRMED");
            }
        });
        writer.start();

        int exit = ProjectorApp.rebuild(system.config(Map.of()), line -> { });
        int second = ProjectorApp.rebuild(system.config(Map.of()), line -> { });
        running.set(false);
        writer.join();

        assertThat(exit).isZero();
        assertThat(second).isZero();
        system.awaitReadModelMatchesWriteModel();
        long created = system.createOrder(1);
        system.awaitReadModelMatchesWriteModel();
        assertThat(system.readModel()).last().asString().startsWith(created + " v1 PENDING");
        List<Map<String, Object>> statistics = RunningSystem.statistics(system.read);
        long counted = statistics.stream().mapToLong(row -> (Long) row.get("order_count")).sum();
        long active = system.read.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM order_read_models WHERE NOT is_deleted").mapTo(Long.class).one());
        assertThat(counted).isEqualTo(active);
    }

    private List<String> indexNames() {
        return system.read.withHandle(handle -> handle.createQuery(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'order_read_models'").mapTo(String.class).list());
    }
}
