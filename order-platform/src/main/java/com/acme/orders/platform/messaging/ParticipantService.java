package com.acme.orders.platform.messaging;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.db.FailFastDataSource;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.Metrics;
import com.acme.orders.platform.http.ReadinessCheck;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;

/**
 * The start-up and shut-down every saga participant shares: database (created when missing, migrated) → pool →
 * Jdbi → metrics → the reply {@link MessageRelay} → the {@link SagaParticipant} behind an {@link InboxConsumer} →
 * HTTP with the database and Kafka readiness checks. A service supplies only what differs: its name, migrations,
 * the commands it accepts, its effect and its HTTP routes.
 */
public final class ParticipantService implements AutoCloseable {

    /** The service's HTTP app (admin API and probes), unstarted, given the checks every participant reports. */
    @FunctionalInterface
    public interface Http {

        Javalin create(Jdbi jdbi, PrometheusMeterRegistry registry, List<ReadinessCheck> checks);
    }

    private final Javalin http;
    private final Runnable stop;

    private ParticipantService(Javalin http, Runnable stop) {
        this.http = http;
        this.stop = stop;
    }

    /**
     * Creates the database when missing, migrates it, starts consuming commands and relaying replies, serves HTTP.
     *
     * @param name       the service's name (pool, metrics, logs)
     * @param migrations the classpath location of its Flyway migrations, e.g. {@code db/inventory}
     */
    public static ParticipantService start(String name, String migrations, DbSettings db, MessagingSettings messaging,
                                           MessageRetention.Settings retentionSettings, int httpPort,
                                           Class<? extends SagaCommand> accepted, SagaParticipant.Effect effect,
                                           Clock clock, Http httpApp) {
        Postgres.createDatabaseIfMissing(db);
        HikariDataSource dataSource = Postgres.pool(name, db);
        try {
            Postgres.migrate(dataSource, migrations);
            FailFastDataSource database = new FailFastDataSource(dataSource);
            Jdbi jdbi = Jdbi.create(database);
            PrometheusMeterRegistry registry = Metrics.newRegistry(name);
            MessageRelay relay = new MessageRelay(messaging, jdbi, new Outbox(), registry);
            SagaParticipant participant = new SagaParticipant(name, accepted, effect, jdbi, new EventCodec(),
                    messaging.outputTopic(), relay::wake, clock, registry);
            InboxConsumer consumer = new InboxConsumer(messaging, participant);

            Javalin http = httpApp.create(jdbi, registry, List.of(
                    new ReadinessCheck("database", true, () -> Postgres.isReachable(database)
                            ? ReadinessCheck.Result.up(null) : ReadinessCheck.Result.down("unreachable")),
                    new ReadinessCheck("kafka-consumer", false, () -> consumer.status().consuming()
                            ? ReadinessCheck.Result.up(consumer.status().detail())
                            : ReadinessCheck.Result.down(consumer.status().detail())),
                    new ReadinessCheck("kafka-relay", false, () -> relay.status().kafkaReachable()
                            ? ReadinessCheck.Result.up(relay.status().detail())
                            : ReadinessCheck.Result.down(relay.status().detail()))));
            // Inbox ids and rejected records past their retention, pruned every RETENTION_INTERVAL.
            MessageRetention retention = new MessageRetention(jdbi, retentionSettings, clock);
            relay.start();
            consumer.start();
            retention.start();
            http.start(httpPort);
            return new ParticipantService(http, () -> {
                http.stop();
                consumer.close();
                retention.close();
                relay.close();
                dataSource.close();
            });
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** Stops taking requests and commands, lets the relay finish its batch, then closes the pool. */
    @Override
    public void close() {
        stop.run();
    }

    /**
     * For a service's {@code main}: closes {@code service} when the JVM stops and logs that it is ready, with the
     * time since the JVM started.
     */
    public static void closeOnShutdown(String name, ParticipantService service, Logger log) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping {}", name);
            service.close();
        }, "shutdown"));
        log.info("{} ready port={} startupMs={}", name, service.port(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
