package com.acme.orders.bench;

import com.acme.orders.localrun.RunSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark in quick mode: proves that every row can be measured end to end (processes, pgbench, data
 * generation, rebuild, queries), not that the targets are met; the full run ({@code make bench}) judges those.
 */
class BenchmarkSmokeIT {

    @Test
    void a_quick_run_measures_every_row() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("ORDERS_HOME", System.getProperty("orders.home", ".."));
        env.put("LOG_DIR", Path.of("target", "bench-logs").toAbsolutePath().toString());

        ResultTable table = BenchMain.run(Benchmark.Sizes.quick(), RunSettings.fromEnv(env));

        System.out.println(table.render());
        List<ResultTable.Row> rows = table.rows();
        assertThat(rows).extracting(ResultTable.Row::name).anyMatch(name -> name.startsWith("start-up of the command app"))
                .anyMatch(name -> name.equals("POST /orders, 8 clients, whole system on the cores"))
                .anyMatch(name -> name.equals("POST /orders, 32 clients, whole system on the cores"))
                .anyMatch(name -> name.equals("POST /orders, 8 clients, read side stopped"))
                .anyMatch(name -> name.equals("POST /orders, 32 clients, read side stopped"))
                .anyMatch(name -> name.startsWith("  warm-up before the sweep"))
                .anyMatch(name -> name.startsWith("commit → queryable at"))
                .anyMatch(name -> name.startsWith("  per hop at"))
                .anyMatch(name -> name.startsWith("  CPU per order"))
                .anyMatch(name -> name.startsWith("projector catch-up"))
                .anyMatch(name -> name.startsWith("rebuild of the read model"))
                .anyMatch(name -> name.startsWith("GET /orders/{id}, 16 clients, 80% of requests on 20%"))
                .anyMatch(name -> name.equals("GET /orders/statistics, 4 clients, cached vs uncached"))
                .anyMatch(name -> name.startsWith("GET /orders/statistics cached vs computing them from the"))
                .anyMatch(name -> name.startsWith("answers older than the invalidation window"))
                .anyMatch(name -> name.startsWith("cache invalidation lag p99"))
                .anyMatch(name -> name.startsWith("GET /orders, page 100"))
                .anyMatch(name -> name.equals("resident memory under load, query app"))
                .anyMatch(name -> name.startsWith("resident memory under load, query app over the large read model"))
                .anyMatch(name -> name.startsWith("sagas: orders reaching CONFIRMED"))
                .anyMatch(name -> name.startsWith("sagas: placement → CONFIRMED p99"))
                .anyMatch(name -> name.startsWith("  CPU per saga at half that rate"));
        // 3 start-ups, 4 POST rows, the warm-up before the sweep, 3 rows at each of 4 freshness rates, catch-up,
        // rebuild, the query and cache rows (statistics against the uncached app and against the aggregate), 5 memory
        // rows (the large query app's on its own), 4 saga rows (one the CPU per saga)
        assertThat(rows).hasSize(43);
        assertThat(rows).allSatisfy(row -> assertThat(row.figure()).as(row.name()).matches(".*\\d.*")
                .doesNotContain("n/a").doesNotContain("NaN"));
    }
}
