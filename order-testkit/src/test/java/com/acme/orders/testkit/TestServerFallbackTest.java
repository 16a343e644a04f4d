package com.acme.orders.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which server the tests' databases go to: the configured one when it answers, an embedded one otherwise. */
class TestServerFallbackTest {

    @Test
    void nothing_answering_at_the_configured_server_means_the_embedded_one_is_used() throws Exception {
        int silentPort = FreePorts.next();

        TestServer server = TestServer.choose(Map.of("TEST_PG_PORT", Integer.toString(silentPort)));

        assertThat(server.embedded()).isTrue();
        assertThat(server.port()).isNotEqualTo(silentPort);
        try (TestDatabase database = TestDatabase.create(server, "fallback");
             Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version_num")) {
            assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + server.port() + "/test_fallback_");
            version.next();
            assertThat(version.getInt(1)).isGreaterThanOrEqualTo(150000);
        }
    }

    @Test
    void the_embedded_server_is_started_once_per_jvm() {
        int silentPort = FreePorts.next();

        TestServer first = TestServer.choose(Map.of("TEST_PG_PORT", Integer.toString(silentPort)));
        TestServer second = TestServer.choose(Map.of("TEST_PG_EMBEDDED", "always"));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void a_server_that_answers_is_used_as_configured() throws Exception {
        TestServer embedded = TestServer.choose(Map.of("TEST_PG_EMBEDDED", "always"));

        TestServer server = TestServer.choose(Map.of("TEST_PG_HOST", "127.0.0.1",
                "TEST_PG_PORT", Integer.toString(embedded.port()), "TEST_PG_USER", "postgres"));

        assertThat(server).isEqualTo(new TestServer("127.0.0.1", embedded.port(), "postgres", "", false));
    }

    @Test
    void the_fallback_can_be_switched_off() {
        int silentPort = FreePorts.next();

        TestServer server = TestServer.choose(Map.of("TEST_PG_PORT", Integer.toString(silentPort),
                "TEST_PG_EMBEDDED", "never"));

        assertThat(server).isEqualTo(new TestServer("localhost", silentPort, "postgres", "", false));
    }
}
