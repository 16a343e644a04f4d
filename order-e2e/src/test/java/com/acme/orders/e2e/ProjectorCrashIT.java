package com.acme.orders.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector killed with SIGKILL in the middle of a stream of 100,000 events (50,000 orders placed and
 * confirmed, by 16 clients), then restarted by the supervisor: afterwards the read model
 * equals the write model order by order, with every event applied exactly once.
 */
class ProjectorCrashIT {

    private static final int ORDERS = 50_000;
    private static final long EVENTS = 100_000;

    private RunningProcesses system;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_projector_killed_mid_stream_of_100_000_events_loses_and_doubles_nothing() throws Exception {
        long killedPid = system.pid("projector");
        long appliedWhenKilled;
        try (CommandLoad load = CommandLoad.start(system.commands, 16, ORDERS, 1)) {
            RunningProcesses.await(() -> appliedEvents() >= 30_000, Duration.ofMinutes(5));
            system.supervisor.process("projector").process().orElseThrow().toHandle().destroyForcibly();
            appliedWhenKilled = appliedEvents();
            load.await(Duration.ofMinutes(5));
            assertThat(load.failures()).as("commands while the projector was down").isEmpty();
            assertThat(load.events()).isEqualTo(EVENTS);
        }

        system.awaitReadModelEqualsWriteModel(Duration.ofMinutes(3));
        assertThat(appliedWhenKilled).as("killed mid-stream").isLessThan(EVENTS);
        assertThat(system.pid("projector")).as("restarted").isNotEqualTo(killedPid);
        assertThat(system.writeModel()).hasSize(ORDERS);
        assertThat(appliedEvents()).as("every event applied once: the versions add up").isEqualTo(EVENTS);
        long stored = system.writeJdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM order_events")
                .mapTo(Long.class).one());
        assertThat(stored).isEqualTo(EVENTS);
    }

    /** Events the read model reflects: an order at version n has had n events applied. */
    private long appliedEvents() {
        return system.readJdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(sum(version), 0) FROM order_read_models").mapTo(Long.class).one());
    }
}
