package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Promtool;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's own metric names follow Prometheus's conventions, as its linter checks them. */
@ExtendWith(SharedKafka.class)
class NamingMetricsTest {

    @Test
    void the_apps_own_metric_names_pass_promtool_check_metrics(LocalKafkaBroker kafka) {
        try (RunningCommandApp app = RunningCommandApp.start(kafka)) {
            app.http.get("/health");
            String exposition = app.http.get("/metrics").text();

            String own = Promtool.ownFamilies(exposition);

            assertThat(own).contains("http_server_requests_seconds").contains("outbox_backlog_events");
            assertThat(Promtool.complaints(own)).isEmpty();
        }
    }
}
