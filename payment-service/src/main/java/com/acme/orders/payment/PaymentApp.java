package com.acme.orders.payment;

import com.acme.orders.events.saga.PaymentCommand;
import com.acme.orders.payment.history.PaymentHistory;
import com.acme.orders.payment.processing.Payments;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.ReadinessCheck;
import com.acme.orders.platform.messaging.ParticipantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * The payment service's composition root: configuration → pool → Jdbi → payments → the command consumer and the
 * reply relay → HTTP (admin API and probes).
 */
public final class PaymentApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaymentApp.class);
    static final String NAME = "payment-service";

    private final ParticipantService service;

    private PaymentApp(ParticipantService service) {
        this.service = service;
    }

    /** Creates the database when missing, migrates it, starts consuming commands and relaying replies, serves HTTP. */
    public static PaymentApp start(PaymentConfig config, Clock clock) {
        return new PaymentApp(ParticipantService.start(NAME, "db/payments", config.db(), config.messaging(),
                config.retention(),
                config.httpPort(), PaymentCommand.class, new Payments(config.limit()), clock,
                (jdbi, registry, checks) -> {
                    ApiAccess access = ApiAccess.of(PaymentConfig.TOKEN_VARIABLE, config.adminToken());
                    log.info("admin API: {}", access.describe());
                    return http(jdbi, access, registry, checks);
                }));
    }

    /** The admin API and the probes; unstarted. */
    static Javalin http(Jdbi jdbi, ApiAccess access, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        ObjectMapper mapper = Json.newMapper();
        PaymentHistory history = new PaymentHistory(jdbi);
        return HttpApps.create(mapper, registry, checks, config ->
                config.routes.get("/payments", access.guard(history::get)));
    }

    public int port() {
        return service.port();
    }

    /** Stops taking requests and commands, lets the relay finish its batch, then closes the pool. */
    @Override
    public void close() {
        service.close();
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        PaymentConfig config = PaymentConfig.fromEnv(env);
        log.info("starting {} {}", NAME, env.describe());
        ParticipantService.closeOnShutdown(NAME, start(config, Clock.systemUTC()).service, log);
    }
}
