package com.acme.orders.query;

import com.acme.orders.testkit.Promtool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's own metric names follow Prometheus's conventions, as its linter checks them. */
class NamingMetricsTest {

    @Test
    void the_apps_own_metric_names_pass_promtool_check_metrics() {
        try (RunningQueryApp app = RunningQueryApp.start()) {
            app.http.get("/health");
            String exposition = app.http.get("/metrics").text();

            String own = Promtool.ownFamilies(exposition);

            assertThat(own).contains("http_server_requests_seconds").contains("read_consistency_waiting")
                    .contains("result=\"hit\",tier=\"near\"")
                    .contains("result=\"miss\",tier=\"redis\"")
                    .contains("cache_evictions_total{app=\"order-query-app\",tier=\"near\"}")
                    .contains("cache_invalidation_lag_seconds_bucket");
            assertThat(Promtool.complaints(own)).isEmpty();
        }
    }
}
