package com.acme.orders.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which PostgreSQL `make run` gives the apps: configured, the local server, or an embedded one it starts. */
class LocalPostgresTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void with_nothing_configured_and_nothing_answering_the_apps_get_an_embedded_server_whose_data_is_kept()
            throws Exception {
        int port = FreePorts.next();
        Map<String, String> env = Map.of("EMBEDDED_PG_PORT", Integer.toString(port),
                "EMBEDDED_PG_DIR", dir.resolve("postgres").toString(), "LOG_DIR", dir.resolve("logs").toString());
        RunSettings settings = RunSettings.fromEnv(env);

        try (LocalPostgres postgres = LocalPostgres.start(settings, env, silentServer(), out)) {
            assertThat(postgres.kind()).isEqualTo(LocalPostgres.Kind.EMBEDDED);
            assertThat(LocalRunner.databaseEnv(postgres.settings())).containsAllEntriesOf(Map.of(
                    "WRITE_DB_URL", "jdbc:postgresql://localhost:" + port + "/orders_write",
                    "READ_DB_URL", "jdbc:postgresql://localhost:" + port + "/orders_read",
                    "DB_USER", "postgres", "DB_PASSWORD", ""));
            assertThat(postgres.description()).contains("embedded PostgreSQL 17.", "localhost:" + port,
                    dir.resolve("postgres").toString());
            assertThat(query(port, "SHOW fsync")).as("data meant to be kept is synced").isEqualTo("on");
            execute(port, "CREATE TABLE kept (note text)");
            execute(port, "INSERT INTO kept VALUES ('written before the stop')");
        }
        assertThat(answers(port)).as("stopped with the runner").isFalse();

        try (LocalPostgres again = LocalPostgres.start(settings, env, silentServer(), out)) {
            assertThat(again.kind()).isEqualTo(LocalPostgres.Kind.EMBEDDED);
            assertThat(query(port, "SELECT note FROM kept")).isEqualTo("written before the stop");
        }
        assertThat(dir.resolve("logs/postgres.log")).content().contains("database system is ready");
    }

    @Test
    void a_configured_url_wins_even_over_embedded_always() throws Exception {
        try (TestDatabase write = TestDatabase.create("runner_write");
             TestDatabase read = TestDatabase.create("runner_read")) {
            Map<String, String> env = Map.of("WRITE_DB_URL", write.jdbcUrl(), "READ_DB_URL", read.jdbcUrl(),
                    "DB_USER", write.user(), "EMBEDDED_PG", "always", "EMBEDDED_PG_DIR", dir.toString());

            try (LocalPostgres postgres = LocalPostgres.start(RunSettings.fromEnv(env), env, silentServer(), out)) {

                assertThat(postgres.kind()).isEqualTo(LocalPostgres.Kind.CONFIGURED);
                assertThat(LocalRunner.databaseEnv(postgres.settings())).containsAllEntriesOf(Map.of(
                        "WRITE_DB_URL", write.jdbcUrl(), "READ_DB_URL", read.jdbcUrl()));
                assertThat(dir).isEmptyDirectory();
            }
        }
    }

    @Test
    void a_server_answering_where_the_apps_look_by_default_is_used() throws Exception {
        try (TestDatabase database = TestDatabase.create("runner_local")) {
            InetSocketAddress local = new InetSocketAddress(database.server().host(), database.server().port());
            Map<String, String> env = Map.of("DB_USER", database.user(), "EMBEDDED_PG_DIR", dir.toString());

            try (LocalPostgres postgres = LocalPostgres.start(RunSettings.fromEnv(env), env, local, out)) {

                assertThat(postgres.kind()).isEqualTo(LocalPostgres.Kind.LOCAL_SERVER);
                assertThat(postgres.settings().writeDbUrl()).isEqualTo("jdbc:postgresql://"
                        + database.server().host() + ":" + database.server().port() + "/orders_write");
                assertThat(dir).isEmptyDirectory();
            }
        }
    }

    @Test
    void with_the_embedded_server_turned_off_a_missing_server_is_explained() {
        Map<String, String> env = Map.of("EMBEDDED_PG", "never", "EMBEDDED_PG_DIR", dir.toString());

        assertThatThrownBy(() -> LocalPostgres.start(RunSettings.fromEnv(env), env, silentServer(), out))
                .isInstanceOf(LocalPostgres.Unavailable.class)
                .hasMessageContaining("does not answer")
                .hasMessageContaining("EMBEDDED_PG=never");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void a_taken_embedded_port_is_refused_rather_than_used() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of("EMBEDDED_PG_PORT", Integer.toString(squatter.getLocalPort()),
                    "EMBEDDED_PG_DIR", dir.toString());

            assertThatThrownBy(() -> LocalPostgres.start(RunSettings.fromEnv(env), env, silentServer(), out))
                    .isInstanceOf(LocalPostgres.Unavailable.class)
                    .hasMessageContaining("Port " + squatter.getLocalPort())
                    .hasMessageContaining("EMBEDDED_PG_PORT");
        }
    }

    private static InetSocketAddress silentServer() {
        return new InetSocketAddress("localhost", FreePorts.next());
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void execute(int port, String sql) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(int port, String sql) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }
}
