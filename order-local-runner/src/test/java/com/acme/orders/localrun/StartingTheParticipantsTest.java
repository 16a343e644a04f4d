package com.acme.orders.localrun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `make run` starts the inventory and payment services beside the other apps, on their ports and databases. */
class StartingTheParticipantsTest {

    @TempDir
    Path home;

    @Test
    void both_participants_start_with_the_apps_on_their_default_ports_over_databases_on_the_runs_server()
            throws IOException {
        RunSettings settings = settings(Map.of()).withDatabase("jdbc:postgresql://localhost:5433/orders_write",
                "jdbc:postgresql://localhost:5433/orders_read", "postgres", "");

        List<ProcessSpec> apps = LocalRunner.apps(settings);

        assertThat(apps).extracting(ProcessSpec::name)
                .containsExactly("command", "projector", "query", "inventory", "payment");
        ProcessSpec inventory = apps.get(3);
        assertThat(inventory.env()).containsAllEntriesOf(Map.of("INVENTORY_HTTP_PORT", "8084",
                "INVENTORY_DB_URL", "jdbc:postgresql://localhost:5433/inventory", "DB_USER", "postgres",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        assertThat(inventory.command()).contains(home.resolve("inventory-service/target/inventory-service.jar")
                .toString());
        ProcessSpec payment = apps.get(4);
        assertThat(payment.env()).containsAllEntriesOf(Map.of("PAYMENT_HTTP_PORT", "8085",
                "PAYMENT_DB_URL", "jdbc:postgresql://localhost:5433/payments", "KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:9092"));
        assertThat(payment.command()).contains(home.resolve("payment-service/target/payment-service.jar").toString());
    }

    @Test
    void their_ports_and_databases_come_from_the_variables_the_services_read() throws IOException {
        RunSettings settings = settings(Map.of("INVENTORY_HTTP_PORT", "18084", "PAYMENT_HTTP_PORT", "18085",
                "INVENTORY_DB_URL", "jdbc:postgresql://db.example:5432/stock?ssl=true",
                "WRITE_DB_URL", "jdbc:postgresql://db.example:6543/orders_write?ssl=true"));

        assertThat(LocalRunner.inventoryService(settings).env()).containsEntry("INVENTORY_HTTP_PORT", "18084")
                .containsEntry("INVENTORY_DB_URL", "jdbc:postgresql://db.example:5432/stock?ssl=true");
        assertThat(LocalRunner.paymentService(settings).env()).containsEntry("PAYMENT_HTTP_PORT", "18085")
                .as("beside the configured write model, with its parameters")
                .containsEntry("PAYMENT_DB_URL", "jdbc:postgresql://db.example:6543/payments?ssl=true");
        assertThat(settings.inventoryUrl()).isEqualTo("http://localhost:18084");
        assertThat(settings.paymentUrl()).isEqualTo("http://localhost:18085");
    }

    @Test
    void sagas_are_on_for_the_command_app_unless_the_runners_environment_sets_them() throws IOException {
        RunSettings settings = settings(Map.of());

        assertThat(LocalRunner.commandAppBesideParticipants(settings, Map.of()).env())
                .containsEntry("SAGAS_ENABLED", "true");
        assertThat(LocalRunner.commandAppBesideParticipants(settings, Map.of("SAGAS_ENABLED", "false")).env())
                .as("the runner's own SAGAS_ENABLED reaches the app as inherited environment, unchanged")
                .doesNotContainKey("SAGAS_ENABLED");
        assertThat(LocalRunner.commandAppBesideParticipants(settings, Map.of("SAGAS_ENABLED", "false")).env())
                .containsEntry("HTTP_PORT", "8081");
        assertThat(LocalRunner.commandApp(settings).env())
                .as("the command app alone (tests, benchmark: no participants) keeps the app's own default")
                .doesNotContainKey("SAGAS_ENABLED");
    }

    /** Settings over {@code home}, where every app's jar exists (empty: nothing is started here). */
    private RunSettings settings(Map<String, String> more) throws IOException {
        for (String module : List.of("order-command-app", "order-projector", "order-query-app", "inventory-service",
                "payment-service")) {
            Path jar = home.resolve(module).resolve("target").resolve(module + ".jar");
            Files.createDirectories(jar.getParent());
            Files.createFile(jar);
        }
        Map<String, String> env = new HashMap<>(more);
        env.put("ORDERS_HOME", home.toString());
        env.put("LOG_DIR", home.resolve(".local/logs").toString());
        return RunSettings.fromEnv(env);
    }
}
