package com.acme.orders.command;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** The running command app archives on its own every ARCHIVE_INTERVAL and says so in /metrics. */
@ExtendWith(SharedKafka.class)
class ArchivingPeriodicallyTest {

    private RunningCommandApp app;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka, Map.of("ARCHIVE_AFTER", "0s", "ARCHIVE_INTERVAL", "500ms"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_delivered_order_is_archived_without_being_asked_and_the_metrics_show_it() throws Exception {
        long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
        for (String status : new String[] {"CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"}) {
            app.http.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");
        }

        OutboxRelayTest.await(() -> app.count("SELECT count(*) FROM order_events_archive") == 1);

        assertThat(app.count("SELECT count(*) FROM order_events")).isZero();
        OutboxRelayTest.await(() -> metric("archive_events_archived_total") == 5);
        String metrics = app.http.get("/metrics").text();
        assertThat(metrics).contains("archive_orders_archived_total", "archive_raw_bytes_total",
                "archive_compressed_bytes_total", "event_store_hot_size_bytes", "event_store_archive_size_bytes",
                "archive_last_run_timestamp_seconds", "event_store_default_partition_events");
        assertThat(metric("event_store_archive_size_bytes")).isPositive();
        assertThat(metric("archive_compressed_bytes_total")).isPositive()
                .isLessThan(metric("archive_raw_bytes_total"));
        assertThat(promtoolProblemsWithOurs(metrics)).as("promtool check metrics about the archive's metrics").isEmpty();
    }

    private double metric(String name) {
        return app.http.get("/metrics").text().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** What {@code promtool check metrics} says about the archive's metrics; nothing where it is not installed. */
    private static String promtoolProblemsWithOurs(String metrics) throws IOException, InterruptedException {
        Path exposition = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(exposition, metrics);
            Process process = new ProcessBuilder("sh", "-c", "command -v promtool >/dev/null || exit 0; "
                    + "promtool check metrics < " + exposition).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return output.lines().filter(line -> line.startsWith("archive_") || line.startsWith("event_store_"))
                    .reduce("", (a, b) -> a + b + "\n");
        } finally {
            Files.deleteIfExists(exposition);
        }
    }
}
