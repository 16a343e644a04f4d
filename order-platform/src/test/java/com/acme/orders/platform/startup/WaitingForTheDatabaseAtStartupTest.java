package com.acme.orders.platform.startup;

import com.acme.orders.platform.db.DatabaseUnreachable;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An app started before PostgreSQL answers waits for it, says so on {@code /ready}, and gives up with one line
 * after {@code DB_STARTUP_TIMEOUT}. PostgreSQL "comes up" when a proxy in front of it starts forwarding.
 */
class WaitingForTheDatabaseAtStartupTest {

    private TestDatabase database;
    private URI server;
    private TcpProxy proxy;

    @BeforeEach
    void reserve() {
        database = TestDatabase.reserveName("startup");
        // in front of whichever server the test databases live on
        server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        proxy = TcpProxy.closed(server.getHost(), server.getPort());
    }

    @AfterEach
    void release() {
        proxy.close();
        database.close();
    }

    @Test
    void start_up_waits_for_a_database_that_comes_later_and_is_not_ready_meanwhile() throws Exception {
        int port = FreePorts.next();
        HttpJson app = HttpJson.local(port);

        CompletableFuture<Void> started = CompletableFuture.runAsync(
                () -> DatabaseStartup.awaitDatabase(settings(Duration.ofSeconds(60)), port));
        Await.until(() -> answers(port), Duration.ofSeconds(10));
        HttpJson.Response ready = app.get("/ready");
        HttpJson.Response health = app.get("/health");

        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("checks").path("database").path("detail").asText())
                .startsWith("waiting for PostgreSQL since start-up, attempt ");
        assertThat(health.status()).isEqualTo(200);
        assertThat(started).isNotDone();

        proxy.resume();
        started.get(20, TimeUnit.SECONDS);

        try (Connection connection = database.connect()) {
            assertThat(connection.isValid(2)).as("the database was created once the server answered").isTrue();
        }
        assertThat(answers(port)).as("the waiting room has given the port back").isFalse();
    }

    @Test
    void a_database_that_never_comes_ends_the_wait_after_the_deadline() {
        int port = FreePorts.next();
        long began = System.nanoTime();

        assertThatThrownBy(() -> DatabaseStartup.awaitDatabase(settings(Duration.ofSeconds(2)), port))
                .isInstanceOf(DatabaseUnreachable.class)
                .hasMessageStartingWith("giving up: database " + database.name())
                .hasMessageContaining("not reachable after 2s (DB_STARTUP_TIMEOUT)");

        Duration waited = Duration.ofNanos(System.nanoTime() - began);
        assertThat(waited).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(answers(port)).isFalse();
    }

    @Test
    void an_app_that_gives_up_exits_with_one_line_and_no_stack_trace() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartingWithoutTheDatabase.class.getName(),
                viaProxy(), "3s")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        List<String> givingUp = output.lines()
                .filter(line -> line.contains("giving up: database " + database.name())).toList();
        assertThat(givingUp).as(output).hasSize(1);
        Matcher attempts = Pattern.compile("after 3s \\(DB_STARTUP_TIMEOUT\\), (\\d+) attempts")
                .matcher(givingUp.get(0));
        assertThat(attempts.find()).as(givingUp.get(0)).isTrue();
        assertThat(output.lines().filter(line -> line.contains("database not reachable yet database="
                + database.name() + " attempt="))).as("one line per attempt before the last:%n%s", output)
                .hasSize(Integer.parseInt(attempts.group(1)) - 1)
                .isNotEmpty();
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    private DbSettings settings(Duration startupTimeout) {
        return new DbSettings(viaProxy(), database.user(), database.password(), 2, Duration.ofMillis(500),
                startupTimeout);
    }

    private String viaProxy() {
        return database.jdbcUrl().replace(":" + server.getPort() + "/", ":" + proxy.port() + "/");
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
