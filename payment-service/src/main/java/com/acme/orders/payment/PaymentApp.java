package com.acme.orders.payment;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.saga.PaymentCommand;
import com.acme.orders.payment.history.PaymentHistory;
import com.acme.orders.payment.processing.Payments;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.FailFastDataSource;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.Metrics;
import com.acme.orders.platform.http.ReadinessCheck;
import com.acme.orders.platform.messaging.InboxConsumer;
import com.acme.orders.platform.messaging.MessageRelay;
import com.acme.orders.platform.messaging.MessageRetention;
import com.acme.orders.platform.messaging.Outbox;
import com.acme.orders.platform.messaging.SagaParticipant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;

/**
 * The payment service's composition root: configuration → pool → Jdbi → payments → the command consumer and the
 * reply relay → HTTP (admin API and probes).
 */
public final class PaymentApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaymentApp.class);
    static final String NAME = "payment-service";

    private final HikariDataSource dataSource;
    private final InboxConsumer consumer;
    private final MessageRelay relay;
    private final MessageRetention retention;
    private final Javalin http;

    private PaymentApp(HikariDataSource dataSource, InboxConsumer consumer, MessageRelay relay,
                         MessageRetention retention, Javalin http) {
        this.dataSource = dataSource;
        this.consumer = consumer;
        this.relay = relay;
        this.retention = retention;
        this.http = http;
    }

    /** Creates the database when missing, migrates it, starts consuming commands and relaying replies, serves HTTP. */
    public static PaymentApp start(PaymentConfig config, Clock clock) {
        Postgres.createDatabaseIfMissing(config.db());
        HikariDataSource dataSource = Postgres.pool(NAME, config.db());
        try {
            Postgres.migrate(dataSource, "db/payments");
            FailFastDataSource database = new FailFastDataSource(dataSource);
            Jdbi jdbi = Jdbi.create(database);
            PrometheusMeterRegistry registry = Metrics.newRegistry(NAME);
            MessageRelay relay = new MessageRelay(config.messaging(), jdbi, new Outbox(), registry);
            SagaParticipant participant = new SagaParticipant(NAME, PaymentCommand.class, new Payments(config.limit()),
                    jdbi, new EventCodec(), config.messaging().outputTopic(), relay::wake, clock, registry);
            InboxConsumer consumer = new InboxConsumer(config.messaging(), participant);

            ApiAccess access = ApiAccess.of(PaymentConfig.TOKEN_VARIABLE, config.adminToken());
            log.info("admin API: {}", access.describe());
            Javalin http = http(jdbi, access, registry, List.of(
                    new ReadinessCheck("database", true, () -> Postgres.isReachable(database)
                            ? ReadinessCheck.Result.up(null) : ReadinessCheck.Result.down("unreachable")),
                    new ReadinessCheck("kafka-consumer", false, () -> consumer.status().consuming()
                            ? ReadinessCheck.Result.up(consumer.status().detail())
                            : ReadinessCheck.Result.down(consumer.status().detail())),
                    new ReadinessCheck("kafka-relay", false, () -> relay.status().kafkaReachable()
                            ? ReadinessCheck.Result.up(relay.status().detail())
                            : ReadinessCheck.Result.down(relay.status().detail()))));
            relay.start();
            consumer.start();
            // Inbox ids and rejected records past their retention, pruned every RETENTION_INTERVAL.
            MessageRetention retention = new MessageRetention(jdbi, config.retention(), clock);
            retention.start();
            http.start(config.httpPort());
            return new PaymentApp(dataSource, consumer, relay, retention, http);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The admin API and the probes; unstarted. */
    static Javalin http(Jdbi jdbi, ApiAccess access, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        ObjectMapper mapper = Json.newMapper();
        PaymentHistory history = new PaymentHistory(jdbi);
        return HttpApps.create(mapper, registry, checks, config ->
                config.routes.get("/payments", access.guard(history::get)));
    }

    public int port() {
        return http.port();
    }

    /** Stops taking requests and commands, lets the relay finish its batch, then closes the pool. */
    @Override
    public void close() {
        http.stop();
        consumer.close();
        retention.close();
        relay.close();
        dataSource.close();
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        PaymentConfig config = PaymentConfig.fromEnv(env);
        log.info("starting {} {}", NAME, env.describe());
        PaymentApp app = start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping {}", NAME);
            app.close();
        }, "shutdown"));
        log.info("{} ready port={} startupMs={}", NAME, app.port(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
