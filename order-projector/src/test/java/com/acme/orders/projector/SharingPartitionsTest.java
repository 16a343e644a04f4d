package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances sharing the six partitions build the same read model as one instance alone. */
@ExtendWith(SharedKafka.class)
class SharingPartitionsTest {

    private RunningSystem system;
    private TestDatabase soloDatabase;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.withoutProjector(kafka, Map.of());
        soloDatabase = TestDatabase.create("solo");
    }

    @AfterEach
    void stop() {
        system.close();
        soloDatabase.close();
    }

    @Test
    void two_projectors_on_a_six_partition_topic_give_the_same_read_model_as_one() {
        system.startProjector();
        system.startProjector();
        ProjectorApp solo = system.startProjector(Map.of("READ_DB_URL", soloDatabase.jdbcUrl(),
                "PROJECTOR_GROUP_ID", "solo-" + system.orderTopic));
        Jdbi soloRead = Jdbi.create(soloDatabase.jdbcUrl(), soloDatabase.user(), soloDatabase.password());

        system.createMixedOrders(120);
        system.awaitReadModelMatchesWriteModel();
        Await.until(() -> RunningSystem.rows(soloRead).equals(RunningSystem.rows(system.read)),
                Duration.ofSeconds(60));

        assertThat(system.storedOffsets()).as("offsets of all six partitions").hasSize(6);
        assertThat(RunningSystem.rows(soloRead)).isEqualTo(RunningSystem.rows(system.read));
        assertThat(RunningSystem.statistics(soloRead)).isEqualTo(RunningSystem.statistics(system.read));
        assertThat(solo.loop().status().consuming()).isTrue();
    }
}
