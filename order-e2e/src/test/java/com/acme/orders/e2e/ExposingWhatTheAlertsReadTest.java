package com.acme.orders.e2e;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.Promtool;
import com.acme.orders.testkit.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the alert rules and the Grafana dashboard in docker/ read is one the running apps (the three order
 * apps and the inventory and payment services) expose, under that exact Prometheus name: a renamed meter would
 * otherwise leave an alert that can never fire.
 */
@ExtendWith(SharedKafka.class)
class ExposingWhatTheAlertsReadTest {

    /** Read by the rules and the dashboard, published by work that has not landed in these apps yet. */
    /** Counters with a tag that exist only once their event happened: an absent series is a zero for the rules. */
    private static final Set<String> ONLY_AFTER_THEIR_EVENT = Set.of("projector_topic_resets_total",
            "sagas_timed_out_total");
    private static final Pattern LIBRARY_DEFAULTS = Pattern.compile("(process|system|kafka)_");
    private static final Path DOCKER = Path.of(System.getProperty("user.dir")).resolveSibling("docker");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"\\n]*\"");
    private static final Pattern NAME = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\b(?!\\s*\\()");

    private static InProcessSystem system;
    private static InProcessParticipants participants;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        participants = new InProcessParticipants(kafka);
        Map<String, String> sagas = new HashMap<>(participants.topics);
        sagas.put("SAGAS_ENABLED", "true");
        // As deployed (docker/compose.yaml): the query cache's shared tier, whose meters the cache alerts read.
        sagas.put("CACHE_REDIS_URL", "redis://127.0.0.1:6379");
        system = new InProcessSystem(kafka, sagas);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (participants != null) {
            participants.close();
        }
    }

    @Test
    void every_metric_the_rules_and_the_dashboard_read_is_exposed_by_an_app() throws IOException {
        HttpJson.Response created = system.commands.post("/orders", """
                {"userId": 7, "items": [{"productId": "SKU-1", "quantity": 1, "unitPrice": 5.00}],
                 "shippingAddress": "1 Main St"}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        system.queries.get("/orders/" + created.field("id"), "Consistency-Token",
                created.header("Consistency-Token").orElseThrow());
        // The saga's meters (duration, confirmed) have values once one saga has finished.
        Await.until(() -> system.commands.get("/orders/" + created.field("id") + "/saga").text()
                .contains("\"step\":\"CONFIRMED\""), Duration.ofSeconds(60));
        HttpJson admin = HttpJson.local(system.projector.adminPort());
        Await.until(() -> admin.get("/metrics").text().contains("kafka_consumer_fetch_manager_records_lag{"),
                Duration.ofSeconds(30));

        // Touch the participants' admin APIs so that their per-route meters exist, as on a scraped system.
        assertThat(participants.inventory.get("/stock/SKU-1").status()).isEqualTo(200);
        assertThat(participants.payments.get("/payments?orderId=1").status()).isEqualTo(200);
        String exposed = system.commands.get("/metrics").text() + admin.get("/metrics").text()
                + system.queries.get("/metrics").text() + participants.inventory.get("/metrics").text()
                + participants.payments.get("/metrics").text();
        Set<String> read = new TreeSet<>(metricsIn(Files.readString(DOCKER.resolve("prometheus/alerts.yml"))));
        for (JsonNode panel : new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/order-service.json")
                .toFile()).path("panels")) {
            panel.path("targets").forEach(target -> read.addAll(metricsIn(target.path("expr").asText())));
        }
        read.removeAll(ONLY_AFTER_THEIR_EVENT);

        assertThat(read).contains("outbox_oldest_unpublished_age_seconds", "reconciler_drift_orders",
                "projector_write_to_read_latency_seconds_bucket", "read_consistency_wait_seconds_count",
                "cache_redis_up", "cache_invalidation_lag_seconds_bucket");
        Set<String> exposedNames = exposed.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        assertThat(exposedNames).containsAll(read);

    }

    /**
     * {@code promtool check metrics} on each app's scrape: our own names pass; what it flags is a library's
     * default (Micrometer's process and system meters, the Kafka client's), which the README names.
     */
    @Test
    void every_name_of_ours_passes_promtool_check_metrics() {
        HttpJson admin = HttpJson.local(system.projector.adminPort());
        for (HttpJson app : new HttpJson[]{system.commands, admin, system.queries, participants.inventory,
                participants.payments}) {
            Promtool.Result result = Promtool.runWithInput(DOCKER, app.get("/metrics").text(), "check", "metrics");

            assertThat(result.output().lines().filter(line -> !line.isBlank())
                    .filter(line -> !LIBRARY_DEFAULTS.matcher(line).lookingAt()))
                    .as(result.output()).isEmpty();
        }
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(QUOTED.matcher(text).replaceAll("\"\""));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
