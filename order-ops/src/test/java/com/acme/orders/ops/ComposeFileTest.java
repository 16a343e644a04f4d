package com.acme.orders.ops;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure of docker/compose.yaml. No Docker engine runs where these tests run; when a compose CLI is
 * installed, it validates the file as well ({@code config}, which needs no daemon).
 */
class ComposeFileTest {

    /** Resident memory besides the heap, measured under load (BENCHMARKS.md: 189-205 MiB with a 64 MB heap). */
    private static final long NON_HEAP_MIB = 145;
    private static final List<String> APPS = List.of("command-app", "projector", "query-app", "inventory-service",
            "payment-service");
    private static final Pattern PUBLISHED = Pattern.compile("^(?:[0-9.]+:)?(?<host>[^:]+):(?<container>\\d+)$");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{\\w+:-([^}]*)}");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        Map<String, Object> compose = new Yaml().load(Repository.read("docker/compose.yaml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void every_service_has_a_memory_limit() {
        services.forEach((name, service) -> assertThat(service.get("mem_limit")).as("mem_limit of %s", name)
                .isNotNull());
    }

    @Test
    void every_jvm_heap_leaves_room_for_what_is_not_heap_within_the_limit() {
        for (String app : APPS) {
            long limitMib = mebibytes(services.get(app).get("mem_limit").toString());
            String javaOpts = environment(app).get("JAVA_OPTS");
            Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);

            assertThat(percentage.find()).as("MaxRAMPercentage of %s", app).isTrue();
            long heapMib = limitMib * Long.parseLong(percentage.group(1)) / 100;
            assertThat(heapMib + NON_HEAP_MIB).as("heap + measured non-heap of %s (MiB)", app)
                    .isLessThanOrEqualTo(limitMib * 85 / 100);
            assertThat(heapMib).as("heap of %s (MiB)", app).isGreaterThanOrEqualTo(64);
        }
    }

    @Test
    void postgres_is_published_away_from_a_host_postgres_and_no_two_services_share_a_host_port() {
        Map<Integer, String> owners = new HashMap<>();
        services.forEach((name, service) -> {
            for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
                Matcher published = PUBLISHED.matcher(withDefaults(port.toString()));
                assertThat(published.matches()).as("port %s of %s", port, name).isTrue();
                for (int host : range(published.group("host"))) {
                    assertThat(owners.put(host, name)).as("host port %d of %s", host, name).isNull();
                }
            }
        });

        assertThat(owners).doesNotContainKey(5432);
        assertThat(owners).containsEntry(8081, "command-app").containsEntry(8082, "query-app")
                .containsEntry(8084, "inventory-service").containsEntry(8085, "payment-service");
    }

    @Test
    void sagas_are_on_in_compose_because_the_participants_run_there_unless_the_shell_says_otherwise() {
        assertThat(services).containsKeys("inventory-service", "payment-service");
        assertThat(environment("command-app")).containsEntry("SAGAS_ENABLED", "${SAGAS_ENABLED:-true}");
    }

    @Test
    void the_participants_get_their_ports_databases_and_admin_token() {
        assertThat(environment("inventory-service")).containsEntry("INVENTORY_HTTP_PORT", "8084")
                .containsEntry("INVENTORY_DB_URL", "jdbc:postgresql://postgres:5432/inventory")
                .containsKeys("ADMIN_API_TOKEN", "KAFKA_BOOTSTRAP_SERVERS", "DB_USER", "DB_PASSWORD");
        assertThat(environment("payment-service")).containsEntry("PAYMENT_HTTP_PORT", "8085")
                .containsEntry("PAYMENT_DB_URL", "jdbc:postgresql://postgres:5432/payments")
                .containsKeys("ADMIN_API_TOKEN", "KAFKA_BOOTSTRAP_SERVERS", "DB_USER", "DB_PASSWORD");
        assertThat(build("inventory-service")).containsEntry("dockerfile", "docker/inventory-service.Dockerfile");
        assertThat(build("payment-service")).containsEntry("dockerfile", "docker/payment-service.Dockerfile");
        assertThat(services).containsKey("redis");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheus_scrapes_every_app_on_the_port_it_listens_on() {
        Map<String, Object> config = new Yaml().load(Repository.read("docker/prometheus/prometheus.yml"));
        Map<String, Integer> scraped = new HashMap<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("dns_sd_configs")) {
                ((List<String>) sd.get("names")).forEach(name -> scraped.put(name, (Integer) sd.get("port")));
            }
            assertThat(job.get("metrics_path")).isEqualTo("/metrics");
        }

        assertThat(scraped).containsOnlyKeys(APPS);
        for (String app : APPS) {
            assertThat(environment(app).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_PORT") && !e.getKey().startsWith("DB"))
                    .map(Map.Entry::getValue))
                    .as("port variable of %s", app).contains(scraped.get(app).toString());
        }
    }

    @Test
    void prometheus_and_grafana_get_the_config_the_rules_and_the_dashboard() {
        assertThat(volumes("prometheus")).contains("./prometheus:/etc/prometheus:ro");
        assertThat(services.get("prometheus").get("command").toString())
                .contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(Repository.file("docker/prometheus/alerts.yml")).exists();

        assertThat(volumes("grafana")).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
        String provider = Repository.read("docker/grafana/provisioning/dashboards/order-service.yaml");
        assertThat(provider).contains("path: /var/lib/grafana/dashboards");
        assertThat(Repository.file("docker/grafana/dashboards/order-service.json")).exists();
        assertThat(Repository.read("docker/grafana/provisioning/datasources/prometheus.yaml"))
                .contains("url: http://prometheus:9090");
    }

    /**
     * {@code docker compose config} when the plugin is installed; else the older {@code docker-compose} (1.x, which
     * Debian ships) on a copy without the top-level {@code name}, the one key of the file it predates.
     */
    @Test
    void a_compose_cli_accepts_the_file(@TempDir Path directory) throws Exception {
        Path file = Repository.file("docker/compose.yaml");
        List<String> command;
        if (composePluginInstalled()) {
            command = List.of("docker", "compose", "-f", file.toString(), "config", "-q");
        } else {
            if (!onPath("docker-compose")) {
                String missing = "neither docker compose nor docker-compose installed";
                assertThat(System.getenv("CI")).as(missing + " (.ci/run installs docker-compose)")
                        .isNotEqualToIgnoringCase("true");
                Assumptions.abort(missing);
            }
            Path withoutName = directory.resolve("compose.yaml");
            Files.write(withoutName,
                    Files.readAllLines(file).stream().filter(line -> !line.startsWith("name:")).toList());
            command = List.of("docker-compose", "--project-directory", file.getParent().toString(),
                    "-f", withoutName.toString(), "config", "-q");
        }

        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean composePluginInstalled() throws Exception {
        if (!onPath("docker")) {
            return false;
        }
        Process plugin = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
        plugin.getInputStream().readAllBytes();
        return plugin.waitFor(30, TimeUnit.SECONDS) && plugin.exitValue() == 0;
    }

    private static boolean onPath(String executable) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, executable))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new HashMap<>();
        ((Map<String, Object>) services.get(service).get("environment"))
                .forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> build(String service) {
        return (Map<String, Object>) services.get(service).get("build");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String service) {
        return (List<String>) services.get(service).get("volumes");
    }

    private static String withDefaults(String text) {
        return DEFAULTED.matcher(text).replaceAll("$1");
    }

    private static List<Integer> range(String ports) {
        String[] ends = ports.split("-");
        List<Integer> all = new ArrayList<>();
        for (int port = Integer.parseInt(ends[0]); port <= Integer.parseInt(ends[ends.length - 1]); port++) {
            all.add(port);
        }
        return all;
    }

    private static long mebibytes(String limit) {
        Matcher matcher = Pattern.compile("(\\d+)([mg])").matcher(limit.toLowerCase());
        assertThat(matcher.matches()).as("memory limit %s", limit).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("g") ? amount * 1024 : amount;
    }
}
