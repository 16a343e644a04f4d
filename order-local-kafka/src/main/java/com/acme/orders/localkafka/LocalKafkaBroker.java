package com.acme.orders.localkafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka node acting as broker and controller. Its data folder survives a restart: the folder is
 * formatted only when it holds no {@code meta.properties} yet.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.start(new LocalKafkaBroker.Settings(dir, 9092, 9093))) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    /**
     * Where and on which ports the node runs.
     *
     * @param dataDir        folder for the configuration and the log segments
     * @param port           client (PLAINTEXT) port on 127.0.0.1
     * @param controllerPort KRaft controller port on 127.0.0.1
     * @param overrides      broker properties that replace the defaults
     */
    public record Settings(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {

        public Settings(Path dataDir, int port, int controllerPort) {
            this(dataDir, port, controllerPort, Map.of());
        }

        public Settings {
            overrides = Map.copyOf(overrides);
        }
    }

    private final Settings settings;
    private final KafkaRaftServer server;

    private LocalKafkaBroker(Settings settings, KafkaRaftServer server) {
        this.settings = settings;
        this.server = server;
    }

    /** Formats the data folder when it is new, starts the node and waits until it answers clients. */
    public static LocalKafkaBroker start(Settings settings) {
        long started = System.nanoTime();
        Properties props = properties(settings);
        format(settings, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LocalKafkaBroker broker = new LocalKafkaBroker(settings, server);
        broker.awaitReady(Duration.ofSeconds(60));
        log.info("kafka broker ready bootstrap={} dataDir={} startMs={}", broker.bootstrapServers(),
                settings.dataDir(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    public Settings settings() {
        return settings;
    }

    /** Stops the node and waits until it has stopped; its data folder stays. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("kafka broker stopped bootstrap={}", bootstrapServers());
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("kafka broker on " + bootstrapServers() + " did not become ready", e);
        }
    }

    private static Properties properties(Settings settings) {
        String controller = "127.0.0.1:" + settings.controllerPort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + controller);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://" + controller);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.port());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", settings.dataDir().resolve("logs").toAbsolutePath().toString());
        // One node: every internal topic must be satisfied by one replica or groups and transactions never start.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The default dedupe buffer alone costs ~128 MiB of heap.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("num.partitions", "6");
        settings.overrides().forEach(props::put);
        return props;
    }

    private static void format(Settings settings, Properties props) {
        Path logs = settings.dataDir().resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logs);
            Path config = settings.dataDir().resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by LocalKafkaBroker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IllegalStateException("formatting " + logs + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + settings.dataDir(), e);
        }
    }
}
