package com.acme.orders.e2e;

import com.acme.orders.localrun.SupervisedProcess;
import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector's stored offsets set back to the start of every topic, so that it replays all of
 * {@code order-events} and {@code user-events} into the read model it built from them: not a column of a row
 * may change.
 */
class ReplayIT {

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
    void a_full_replay_of_both_topics_into_the_same_read_model_changes_nothing() throws Exception {
        KnownData.seed(system);
        try (CommandLoad load = CommandLoad.start(system.commands, 8, 3_000, 3)) {
            load.await(Duration.ofMinutes(2));
            assertThat(load.failures()).isEmpty();
        }
        system.awaitReadModelEqualsWriteModel(Duration.ofMinutes(1));
        List<String> offsets = storedOffsets();
        ModelSnapshot before = ModelSnapshot.ofReadModel(system.readJdbi());

        SupervisedProcess projector = system.supervisor.process("projector");
        projector.stop(Duration.ofSeconds(20));
        system.readJdbi().useHandle(handle -> handle.execute("UPDATE projector_offsets SET next_offset = 0"));
        assertThat(storedOffsets()).allMatch(offset -> offset.endsWith("=0"));
        projector.start();
        Await.until(() -> storedOffsets().equals(offsets), Duration.ofMinutes(2));

        assertThat(ModelSnapshot.ofReadModel(system.readJdbi())).isEqualTo(before);
    }

    /** Where the projector stands: {@code topic-partition=next offset}, in order. */
    private List<String> storedOffsets() {
        return system.readJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT topic || '-' || kafka_partition || '=' || next_offset FROM projector_offsets
                        ORDER BY topic, kafka_partition""").mapTo(String.class).list());
    }
}
