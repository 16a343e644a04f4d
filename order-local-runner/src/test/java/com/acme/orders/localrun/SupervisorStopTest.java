package com.acme.orders.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping everything (Ctrl-C) brings nothing back, even a process that exits before its turn to be stopped. */
class SupervisorStopTest {

    @TempDir
    Path dir;

    @Test
    void a_process_that_exits_while_the_others_stop_is_not_restarted() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Supervisor supervisor = new Supervisor(new PrintStream(console, true, StandardCharsets.UTF_8), false);
        // Like Kafka on Ctrl-C: it gets the terminal's SIGINT itself and exits while the apps are still stopping.
        SupervisedProcess early = supervisor.startStage(List.of(shell("early", "sleep 1; exit 130")),
                Duration.ofSeconds(10)).get(0);
        long earlyPid = early.process().orElseThrow().pid();
        // Like an app writing its class-data archive: takes a while to stop.
        supervisor.startStage(List.of(shell("slow", "trap 'sleep 4; exit 0' TERM; while true; do sleep 0.1; done")),
                Duration.ofSeconds(10));

        supervisor.close();

        assertThat(early.process().orElseThrow().pid()).as("the process the supervisor last started").isEqualTo(earlyPid);
        assertThat(early.process().orElseThrow().isAlive()).isFalse();
        Thread.sleep(1_500);
        assertThat(early.process().orElseThrow().pid()).isEqualTo(earlyPid);
    }

    private ProcessSpec shell(String name, String script) {
        return new ProcessSpec(name, List.of("sh", "-c", script), Map.of(), () -> true, dir.resolve(name + ".log"));
    }
}
