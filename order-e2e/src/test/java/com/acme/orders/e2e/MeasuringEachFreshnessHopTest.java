package com.acme.orders.e2e;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.Promtool;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each hop from a command's commit to the query that reads it is timed where it ends, on that app's /metrics, under
 * names promtool accepts: a real create through the broker and both databases, then a read with its token.
 */
@ExtendWith(SharedKafka.class)
class MeasuringEachFreshnessHopTest {

    private static final String ORDER = """
            {"userId": 42, "items": [{"productId": "SKU-1", "quantity": 1, "unitPrice": 3.50}],
             "shippingAddress": "1 Main St"}""";
    private static final Path DOCKER = Path.of(System.getProperty("user.dir")).resolveSibling("docker");

    private static InProcessSystem system;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        system = new InProcessSystem(kafka);
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void every_hop_from_commit_to_answer_is_counted_by_the_app_where_it_ends() {
        HttpJson projectorAdmin = HttpJson.local(system.projector.adminPort());
        // A read that comes after the projection needs no notification; the very next read after a create
        // nearly always waits, but a few orders make sure that one did.
        for (int order = 0; order < 20 && count(system.queries, "notify_to_answer") == 0; order++) {
            HttpJson.Response created = system.commands.post("/orders", ORDER);
            assertThat(created.status()).as(created.text()).isEqualTo(201);

            HttpJson.Response read = system.queries.get("/orders/" + created.field("id"), "Consistency-Token",
                    created.header("Consistency-Token").orElseThrow());

            assertThat(read.header("Consistency-Status")).contains("consistent");
        }

        assertThat(count(system.commands, "outbox_wait")).isPositive();
        assertThat(count(system.commands, "relay_commit")).isPositive();
        assertThat(count(projectorAdmin, "relay_to_projector")).isPositive();
        assertThat(count(projectorAdmin, "projection")).isPositive();
        assertThat(count(system.queries, "notify_to_answer")).isPositive();
    }

    @Test
    void the_hop_histograms_pass_promtool() {
        system.commands.post("/orders", ORDER);
        for (HttpJson app : new HttpJson[]{system.commands, HttpJson.local(system.projector.adminPort()),
                system.queries}) {
            String hops = app.get("/metrics").text().lines().filter(line -> line.contains("freshness_hop"))
                    .reduce("", (all, line) -> all + line + "\n");

            assertThat(hops).contains("# TYPE freshness_hop_seconds histogram");
            Promtool.Result result = Promtool.runWithInput(DOCKER, hops, "check", "metrics");
            assertThat(result.output().trim()).as(result.output()).isEmpty();
        }
    }

    private static double count(HttpJson app, String hop) {
        Matcher matcher = Pattern.compile("^freshness_hop_seconds_count\\{[^}]*hop=\"" + hop + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(app.get("/metrics").text());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
