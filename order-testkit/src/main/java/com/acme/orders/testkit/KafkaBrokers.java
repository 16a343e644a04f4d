package com.acme.orders.testkit;

import com.acme.orders.localkafka.LocalKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts brokers for tests on free ports in a temporary folder. */
public final class KafkaBrokers {

    private KafkaBrokers() {
    }

    /** A new broker of its own, for tests that stop and restart it. Restart it with {@link #restart}. */
    public static LocalKafkaBroker startDedicated(String purpose) {
        try {
            Path dir = Files.createTempDirectory("kafka-" + purpose + "-");
            return LocalKafkaBroker.start(new LocalKafkaBroker.Settings(dir, FreePorts.next(), FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker again on the same ports and data as a stopped one. */
    public static LocalKafkaBroker restart(LocalKafkaBroker stopped) {
        return LocalKafkaBroker.start(stopped.settings());
    }
}
