package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class OperatingTheProjectorTest {

    @Test
    void the_admin_port_reports_health_readiness_and_metrics(LocalKafkaBroker kafka) {
        try (RunningSystem system = RunningSystem.start(kafka)) {
            system.createOrder(1);
            system.awaitReadModelMatchesWriteModel();
            HttpJson admin = HttpJson.local(system.projector().adminPort());
            Await.until(() -> admin.get("/ready").status() == 200, Duration.ofSeconds(20));

            assertThat(admin.get("/health").status()).isEqualTo(200);
            assertThat(admin.get("/ready").json().at("/checks/kafka/status").asText()).isEqualTo("UP");
            Await.until(() -> admin.get("/metrics").text().contains("kafka_consumer_fetch_manager_records_lag{"),
                    Duration.ofSeconds(20));
            String metrics = admin.get("/metrics").text();
            assertThat(metrics).contains("projector_events_total{")
                    .contains("projector_write_to_read_latency_seconds_bucket{")
                    .contains("projector_batch_seconds_count{")
                    .containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"\\d\"");
        }
    }
}
