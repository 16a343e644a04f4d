package com.acme.orders.e2e;

import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.DedicatedPostgres;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL (a cluster of the test's own, holding both databases) restarted while clients keep placing and
 * confirming orders: while it is down every refused command is a 503 with {@code Retry-After}, never a hang, a
 * reset connection or a 500; afterwards commands succeed again without restarting any app, every acknowledged
 * write is in the write model, and the read model catches up with it.
 */
class PostgresRestartIT {

    private static final Duration DOWN = Duration.ofSeconds(8);

    private DedicatedPostgres postgres;
    private RunningProcesses system;

    @BeforeEach
    void start() {
        postgres = DedicatedPostgres.start();
        system = RunningProcesses.start(postgres);
    }

    @AfterEach
    void stop() {
        if (system != null) {
            system.close();
        }
        postgres.close();
    }

    @Test
    void commands_get_503_while_postgres_restarts_and_no_acknowledged_write_is_lost() throws Exception {
        long commandPid = system.pid("command");
        HttpJson.Response readyWhileDown;
        Map<Long, Long> acknowledged;
        List<CommandLoad.Failure> failures;
        try (CommandLoad load = CommandLoad.paced(system.commands, 8, Duration.ofMillis(5))) {
            Await.until(() -> load.placed() >= 300, Duration.ofSeconds(60));
            postgres.stopServer();
            Thread.sleep(DOWN.toMillis() / 2);
            readyWhileDown = system.commands.get("/ready");
            Thread.sleep(DOWN.toMillis() / 2);
            postgres.startServer();
            long placedAtRestart = load.placed();
            Await.until(() -> load.placed() >= placedAtRestart + 300, Duration.ofSeconds(60));
            load.close();
            acknowledged = load.acknowledged();
            failures = load.failures();
        }

        assertThat(readyWhileDown.status()).as("/ready while the database is down").isEqualTo(503);
        assertThat(failures).as("commands refused while the database was down").isNotEmpty();
        assertThat(failures).as("every refusal a 503 with Retry-After, in problem+json naming the database")
                .allSatisfy(failure -> {
                    assertThat(failure.status()).as(failure.toString()).isEqualTo(503);
                    assertThat(failure.retryAfter()).as(failure.toString()).isNotEmpty();
                    assertThat(failure.body()).as(failure.toString()).contains("database");
                });
        System.out.printf("PostgreSQL down for %d s: %d commands refused with 503, slowest refusal %d ms%n",
                DOWN.toSeconds(), failures.size(),
                failures.stream().mapToLong(failure -> failure.took().toMillis()).max().orElse(0));
        assertThat(system.pid("command")).as("the command app recovered by itself").isEqualTo(commandPid);

        Map<Long, Long> stored = system.writeJdbi().withHandle(handle -> handle
                .createQuery("SELECT id, version FROM orders").map((rows, context) ->
                        Map.entry(rows.getLong("id"), rows.getLong("version"))).list()).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(acknowledged).as("acknowledged orders").hasSizeGreaterThan(600);
        assertThat(acknowledged).as("every acknowledged write is stored, at least at its acknowledged version")
                .allSatisfy((id, version) -> assertThat(stored.get(id)).as("order " + id).isNotNull()
                        .isGreaterThanOrEqualTo(version));
        system.awaitReadModelEqualsWriteModel(Duration.ofMinutes(2));
    }
}
