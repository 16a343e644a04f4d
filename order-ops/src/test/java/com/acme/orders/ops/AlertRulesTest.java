package com.acme.orders.ops;

import com.acme.orders.testkit.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesTest {

    private static final Path PROMETHEUS = Repository.file("docker/prometheus");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void the_scrape_config_and_the_rules_it_loads_are_valid() {
        Promtool.Result result = Promtool.run(PROMETHEUS, "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void the_rules_are_valid() {
        Promtool.Result result = Promtool.run(PROMETHEUS, "check", "rules", "alerts.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void every_alert_fires_on_the_series_that_should_fire_it_and_stays_quiet_on_the_others() {
        Promtool.Result result = Promtool.run(PROMETHEUS, "test", "rules", "alerts.test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void every_alert_has_a_firing_case_a_quiet_case_and_a_runbook() throws IOException {
        List<JsonNode> alerts = alerts();
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : YAML.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText());
            }
        }
        String readme = Repository.read("README.md");

        assertThat(alerts).isNotEmpty();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(firing).as("a test where %s fires", name).contains(name);
            assertThat(quiet).as("a test where %s stays quiet", name).contains(name);
            assertThat(alert.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as("description of %s", name)
                    .isNotBlank();
            String runbook = alert.path("annotations").path("runbook").asText();
            assertThat(runbook).as("runbook of %s", name).startsWith("README.md#");
            String anchor = runbook.substring("README.md#".length());
            assertThat(readme.lines().filter(line -> line.startsWith("#"))
                    .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)))
                    .as("a README heading for the runbook anchor #%s of %s", anchor, name)
                    .contains(anchor);
        }
    }

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            });
        }
        return alerts;
    }
}
