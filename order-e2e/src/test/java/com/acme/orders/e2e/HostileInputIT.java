package com.acme.orders.e2e;

import com.acme.orders.e2e.HostileRequest.App;
import com.acme.orders.e2e.HostileTraffic.Outcome;
import com.acme.orders.testkit.HttpJson;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More than 10,000 hostile requests over every endpoint of both apps, running as the packaged jars in their own
 * processes: malformed and truncated JSON, wrong types, absurd numbers, 10 MB bodies, deep nesting, odd and
 * invalid Unicode, SQL in every parameter, ids out of range, bad statuses, dates and cursors, garbage and huge
 * headers, strangely encoded queries, unknown routes, wrong methods and broken HTTP. Every one of them must be
 * refused with a 4xx problem document, none may leave a trace in the write or the read model, and every app
 * must still be ready, in the same process, afterwards.
 */
class HostileInputIT {

    private static final long SEED = 20_261_125L;
    private static final int CLIENTS = 8;
    private static final int EXAMPLES = 5;

    private static RunningProcesses system;
    private static KnownData known;

    @BeforeAll
    static void start() {
        system = RunningProcesses.start();
        known = KnownData.seed(system);
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void every_hostile_request_is_refused_with_a_problem_and_leaves_no_trace() throws Exception {
        ModelSnapshot writeBefore = ModelSnapshot.ofWriteModel(system.writeJdbi());
        ModelSnapshot readBefore = ModelSnapshot.ofReadModel(system.readJdbi());
        Map<String, Long> pidsBefore = pids();
        List<HostileRequest> requests = HostileRequests.generate(SEED, known);
        HostileTraffic traffic = new HostileTraffic(Map.of(App.COMMAND, system.settings.commandPort(),
                App.QUERY, system.settings.queryPort()));

        long started = System.nanoTime();
        List<Outcome> outcomes = traffic.send(requests, CLIENTS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.println(statusTable(outcomes, took));
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(requests.size()).as("hostile requests sent").isGreaterThanOrEqualTo(10_000);
        expectNone(softly, outcomes, outcome -> outcome.status() >= 500, "answered with a status >= 500");
        expectNone(softly, outcomes, outcome -> outcome.status() == Outcome.NO_RESPONSE,
                "got no response (hang, reset or timeout)");
        expectNone(softly, outcomes, outcome -> outcome.status() >= 200 && outcome.status() < 400,
                "were accepted although every request here must be refused");
        expectNone(softly, outcomes, outcome -> showsInternals(outcome.body()),
                "answered with a stack trace or an HTML page");
        expectNone(softly, outcomes, outcome -> outcome.status() >= 400 && outcome.status() < 500
                && !outcome.contentType().startsWith("application/problem+json"), "were refused without a problem document");
        softly.assertThat(ModelSnapshot.ofWriteModel(system.writeJdbi())).as("write model").isEqualTo(writeBefore);
        softly.assertThat(ModelSnapshot.ofReadModel(system.readJdbi())).as("read model").isEqualTo(readBefore);
        softly.assertThat(pids()).as("no app died and was restarted").isEqualTo(pidsBefore);
        for (String url : List.of(system.settings.commandUrl(), system.settings.queryUrl(), system.settings.adminUrl())) {
            softly.assertThat(new HttpJson(url).get("/ready").status()).as(url + "/ready").isEqualTo(200);
        }
        softly.assertAll();
    }

    @Test
    void sql_in_a_search_is_matched_as_text_and_finds_nothing() {
        for (String sql : Hostility.SQL_INJECTIONS) {
            HttpJson.Response response = system.queries.get("/orders/search/username?username="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8));

            assertThat(response.status()).as(sql + ": " + response.text()).isEqualTo(200);
            assertThat(response.json().get("orders")).as(sql).isEmpty();
        }
        assertThat(system.queries.get("/orders?limit=500").json().get("orders")).hasSize(known.active().size());
    }

    private static Map<String, Long> pids() {
        return Map.of("command", system.pid("command"), "projector", system.pid("projector"), "query",
                system.pid("query"), "kafka", system.pid("kafka"));
    }

    /** A Java stack trace, an exception's name, or Jetty's HTML error page. */
    private static boolean showsInternals(String body) {
        return body.contains("Exception") || body.contains("\tat ") || body.contains(".java:") || body.contains("<html");
    }

    private static void expectNone(SoftAssertions softly, List<Outcome> outcomes, Predicate<Outcome> offending,
                                   String what) {
        List<Outcome> offenders = outcomes.stream().filter(offending).toList();
        softly.assertThat(offenders).as("%d of %d requests %s, for example:%n%s", offenders.size(), outcomes.size(), what,
                offenders.stream().limit(EXAMPLES).map(HostileInputIT::example).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private static String example(Outcome outcome) {
        String body = outcome.body().length() > 300 ? outcome.body().substring(0, 300) + "…" : outcome.body();
        return "  " + outcome.request().describe() + "\n    -> " + (outcome.status() == Outcome.NO_RESPONSE
                ? "no response: " + outcome.failure() : outcome.status() + " " + outcome.contentType() + " " + body);
    }

    /** Status codes per endpoint, one row each, and the total. */
    private static String statusTable(List<Outcome> outcomes, Duration took) {
        TreeSet<Integer> statuses = outcomes.stream().map(Outcome::status).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Map<Integer, Long>> counts = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            counts.computeIfAbsent(outcome.request().endpoint(), endpoint -> new TreeMap<>())
                    .merge(outcome.status(), 1L, Long::sum);
        }
        int width = HostileRequests.ENDPOINTS.stream().mapToInt(String::length).max().orElse(10) + 2;
        StringBuilder table = new StringBuilder(String.format(
                "%n%d hostile requests in %.1f s, %d clients (%d sent again after a reused connection was closed)%n",
                outcomes.size(), took.toMillis() / 1000.0, CLIENTS, outcomes.stream().filter(Outcome::resent).count()));
        table.append(String.format("%-" + width + "s", "endpoint"));
        statuses.forEach(status -> table.append(String.format("%7s", status == Outcome.NO_RESPONSE ? "none" : status)));
        table.append(String.format("%8s%n", "total"));
        List<String> rows = new ArrayList<>(HostileRequests.ENDPOINTS);
        rows.add("all");
        for (String endpoint : rows) {
            Map<Integer, Long> row = endpoint.equals("all")
                    ? outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()))
                    : counts.getOrDefault(endpoint, Map.of());
            table.append(String.format("%-" + width + "s", endpoint));
            statuses.forEach(status -> table.append(String.format("%7s", row.containsKey(status) ? row.get(status) : ".")));
            table.append(String.format("%8d%n", row.values().stream().mapToLong(Long::longValue).sum()));
        }
        return table.toString();
    }
}
