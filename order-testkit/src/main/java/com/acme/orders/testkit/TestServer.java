package com.acme.orders.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * The PostgreSQL server that {@link TestDatabase} creates its databases on, chosen once per test JVM: the
 * server at {@code TEST_PG_HOST}:{@code TEST_PG_PORT} (localhost:5432) when it answers, as on CI and the
 * development machines; otherwise, so that {@code mvn verify} also runs on a machine with nothing but a JDK,
 * the {@link EmbeddedTestPostgres embedded server} of this JVM. {@code TEST_PG_EMBEDDED=never} turns the
 * fallback off (the tests then fail on the missing server), {@code always} uses the embedded server even
 * when one answers.
 *
 * @param embedded whether this is the embedded server
 */
public record TestServer(String host, int port, String user, String password, boolean embedded) {

    private static final int PROBE_TIMEOUT_MILLIS = 1_000;

    /** The server of this test JVM. */
    public static TestServer shared() {
        return Shared.SERVER;
    }

    /** Decides, and starts the embedded server when it is the one. */
    static TestServer choose(Map<String, String> env) {
        String host = env(env, "TEST_PG_HOST", "localhost");
        String port = env(env, "TEST_PG_PORT", "5432");
        TestServer configured = new TestServer(host, Integer.parseInt(port), env(env, "TEST_PG_USER", "postgres"),
                env(env, "TEST_PG_PASSWORD", ""), false);
        String fallback = env(env, "TEST_PG_EMBEDDED", "auto");
        switch (fallback) {
            case "never":
                return configured;
            case "always":
                return EmbeddedTestPostgres.shared().server();
            case "auto":
                return answers(configured.host(), configured.port()) ? configured : EmbeddedTestPostgres.shared().server();
            default:
                throw new IllegalArgumentException("TEST_PG_EMBEDDED must be auto, never or always, was '" + fallback + "'");
        }
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Decided on first use, not when the class loads, so a test JVM that never needs a database starts none. */
    private static final class Shared {
        static final TestServer SERVER = choose(System.getenv());
    }
}
