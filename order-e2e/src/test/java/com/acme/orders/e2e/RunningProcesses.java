package com.acme.orders.e2e;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.Topics;
import com.acme.orders.events.UserRegistered;
import com.acme.orders.localrun.LocalRunner;
import com.acme.orders.localrun.ProcessSpec;
import com.acme.orders.localrun.RunSettings;
import com.acme.orders.localrun.Supervisor;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.DedicatedPostgres;
import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * A Kafka broker and the packaged jars of the three apps as separate OS processes, started by the same
 * supervisor as {@code make run}, over a fresh write and read database each. Every app gets
 * {@code COMMAND_API_TOKEN} empty, so the command API is open whatever the test JVM's environment holds.
 */
final class RunningProcesses implements AutoCloseable {

    private static final Path HOME = Path.of(System.getProperty("orders.home", ".."));

    final RunSettings settings;
    final Supervisor supervisor;
    final HttpJson commands;
    final HttpJson queries;
    private final Runnable dropDatabases;

    private RunningProcesses(RunSettings settings, Supervisor supervisor, Runnable dropDatabases) {
        this.settings = settings;
        this.supervisor = supervisor;
        this.dropDatabases = dropDatabases;
        this.commands = new HttpJson(settings.commandUrl());
        this.queries = new HttpJson(settings.queryUrl());
    }

    /** The system over two fresh databases on the shared PostgreSQL, dropped on {@link #close()}. */
    static RunningProcesses start() {
        TestDatabase writeDatabase = TestDatabase.reserveName("e2e_write");
        TestDatabase readDatabase = TestDatabase.reserveName("e2e_read");
        return start(writeDatabase.jdbcUrl(), readDatabase.jdbcUrl(), writeDatabase.user(), writeDatabase.password(),
                () -> {
                    writeDatabase.close();
                    readDatabase.close();
                });
    }

    /** The system over both databases on a cluster of its own, which the test restarts and closes. */
    static RunningProcesses start(DedicatedPostgres postgres) {
        return start(postgres.jdbcUrl("e2e_write"), postgres.jdbcUrl("e2e_read"), "postgres", "", () -> {
        });
    }

    private static RunningProcesses start(String writeUrl, String readUrl, String user, String password,
                                          Runnable dropDatabases) {
        Path dir;
        try {
            dir = Files.createTempDirectory("e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunSettings settings = new RunSettings(HOME, FreePorts.next(), FreePorts.next(), dir.resolve("kafka"),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), writeUrl, readUrl, user, password,
                "-XX:+UseSerialGC -Xmx256m", dir.resolve("logs"));
        Supervisor supervisor = new Supervisor(System.out, false);
        RunningProcesses processes = new RunningProcesses(settings, supervisor, dropDatabases);
        try {
            supervisor.startStage(List.of(LocalRunner.kafka(settings)), Duration.ofSeconds(60));
            supervisor.startStage(List.of(withOpenCommands(LocalRunner.commandApp(settings)),
                    LocalRunner.projector(settings), LocalRunner.queryApp(settings)), Duration.ofSeconds(90));
            processes.awaitEventsFlow(Duration.ofSeconds(90));
            return processes;
        } catch (RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    /**
     * Waits until an event can travel the whole way: the relay publishes to Kafka and the projector consumes its
     * partitions. Each app's {@code /ready} is up before that on purpose (commands succeed while Kafka is away, the
     * outbox holds them; a projector waiting for partitions is healthy), but a test that reads with a
     * {@code Consistency-Token} (bound: {@code CONSISTENCY_WAIT}, 2 s) must not spend the bound on a broker, a
     * relay or a consumer group that is still starting on a busy machine.
     */
    void awaitEventsFlow(Duration timeout) {
        HttpJson projector = new HttpJson(settings.adminUrl());
        try {
            Await.until(() -> "publishing".equals(kafkaDetail(commands.get("/ready")))
                    && String.valueOf(kafkaDetail(projector.get("/ready"))).startsWith("consuming "), timeout);
        } catch (AssertionError | RuntimeException e) {
            throw new IllegalStateException("events do not flow: command app /ready " + commands.get("/ready").text()
                    + ", projector /ready " + projector.get("/ready").text(), e);
        }
    }

    /** The detail of the {@code kafka} check of a {@code /ready} answer, or null. */
    private static String kafkaDetail(HttpJson.Response ready) {
        JsonNode detail = ready.json() == null ? null : ready.json().path("checks").path("kafka").get("detail");
        return detail == null || detail.isNull() ? null : detail.asText();
    }

    Jdbi writeJdbi() {
        return Jdbi.create(settings.writeDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    Jdbi readJdbi() {
        return Jdbi.create(settings.readDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    /** The OS process id of one of {@code kafka}, {@code command}, {@code projector}, {@code query}. */
    long pid(String name) {
        return supervisor.process(name).process().orElseThrow().pid();
    }

    /** Every order of the write model, one line each: id, version, status, total, items count, deleted. */
    List<String> writeModel() {
        return writeJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT o.id || ' v' || o.version || ' ' || o.status || ' ' || o.total_amount || ' items='
                               || (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)
                               || ' deleted=' || (o.deleted_at IS NOT NULL)
                        FROM orders o ORDER BY o.id""").mapTo(String.class).list());
    }

    /** The read model in the form of {@link #writeModel()}: equal lists mean the two agree order by order. */
    List<String> readModel() {
        return readJdbi().withHandle(handle -> handle.createQuery("""
                        SELECT id || ' v' || version || ' ' || status || ' ' || total_amount || ' items='
                               || items_count || ' deleted=' || is_deleted
                        FROM order_read_models ORDER BY id""").mapTo(String.class).list());
    }

    /** Waits until the read model equals the write model order by order. */
    void awaitReadModelEqualsWriteModel(Duration timeout) {
        Await.until(() -> readModel().equals(writeModel()), timeout);
    }

    /** Everything every process has logged so far. */
    String logs() {
        try (Stream<Path> files = Files.list(settings.logDir())) {
            StringBuilder logs = new StringBuilder();
            for (Path file : files.sorted().toList()) {
                logs.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
            return logs.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes what the user service would when {@code username} registers. */
    void publishUser(long userId, String username) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS, Long.toString(userId), new EventCodec().encode(
                    new UserRegistered(UUID.randomUUID(), Instant.now(), userId, username, username + "@example.com"))))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish user " + userId, e);
        }
    }


    @Override
    public void close() {
        supervisor.close();
        dropDatabases.run();
    }

    private static ProcessSpec withOpenCommands(ProcessSpec spec) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("COMMAND_API_TOKEN", "");
        return new ProcessSpec(spec.name(), spec.command(), env, spec.readiness(), spec.logFile());
    }
}
