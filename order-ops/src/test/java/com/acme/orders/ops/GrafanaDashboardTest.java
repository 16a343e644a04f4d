package com.acme.orders.ops;

import com.acme.orders.testkit.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void the_dashboard_is_well_formed_json_whose_panels_query_the_provisioned_datasource() throws IOException {
        JsonNode dashboard = dashboard();
        String datasourceUid = YAML.readTree(Repository.file(
                "docker/grafana/provisioning/datasources/prometheus.yaml").toFile())
                .path("datasources").get(0).path("uid").asText();

        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", panel.path("title"))
                    .isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", panel.path("title"))
                    .isEqualTo(datasourceUid);
            assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).isNotBlank());
        }
    }

    @Test
    void the_dashboard_shows_the_flow_from_command_to_read_model() throws IOException {
        List<String> expressions = expressions(dashboard());

        assertThat(String.join("\n", expressions)).contains(
                "http_server_requests_seconds_count{job=\"order-command-app\"", // commands/s
                "outbox_backlog_events", "outbox_oldest_unpublished_age_seconds",
                "projector_events_total", "projector_write_to_read_latency_seconds_bucket",
                "kafka_consumer_fetch_manager_records_lag", "reconciler_drift_orders",
                "outcome=\"dead_lettered\"", "sagas_started_total", "saga_duration_seconds_bucket",
                "cache_gets_total", "cache_invalidation_lag_seconds_bucket", "cache_redis_up",
                "http_server_requests_seconds_bucket");
    }

    /** promtool parses PromQL only in rule files: every panel query becomes a recording rule and is checked. */
    @Test
    void every_panel_query_is_valid_promql(@TempDir Path directory) throws IOException {
        ObjectNode rules = YAML.createObjectNode();
        ArrayNode records = rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        List<String> expressions = expressions(dashboard());
        for (int i = 0; i < expressions.size(); i++) {
            records.addObject().put("record", "dashboard:panel_query_" + i).put("expr", expressions.get(i));
        }
        Files.writeString(directory.resolve("dashboard-queries.yml"), YAML.writeValueAsString(rules));

        Promtool.Result result = Promtool.run(directory, "check", "rules", "dashboard-queries.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(Repository.file("docker/grafana/dashboards/order-service.json").toFile());
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }
}
