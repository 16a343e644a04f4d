package com.acme.orders.localkafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a {@link LocalKafkaBroker} as its own process until it is told to stop (SIGINT/SIGTERM). Environment:
 * {@code KAFKA_PORT} (9092), {@code KAFKA_CONTROLLER_PORT} (9093), {@code KAFKA_DATA_DIR} (.local/kafka).
 */
public final class LocalKafkaMain {

    static {
        // The broker is very chatty at INFO; these must be set before slf4j-simple reads its configuration.
        quiet("kafka");
        quiet("org.apache.kafka");
        quiet("state.change.logger");
    }

    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(LocalKafkaMain.class);
        Map<String, String> env = System.getenv();
        LocalKafkaBroker.Settings settings = new LocalKafkaBroker.Settings(
                Path.of(env.getOrDefault("KAFKA_DATA_DIR", ".local/kafka")),
                Integer.parseInt(env.getOrDefault("KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("KAFKA_CONTROLLER_PORT", "9093")));
        log.info("starting kafka broker port={} controllerPort={} dataDir={}", settings.port(),
                settings.controllerPort(), settings.dataDir().toAbsolutePath());
        LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        Thread.currentThread().join();
    }

    private static void quiet(String logger) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }
}
