package com.acme.orders.inventory;

import com.acme.orders.events.saga.InventoryCommand;
import com.acme.orders.inventory.reservation.Reservations;
import com.acme.orders.inventory.stock.StockEndpoints;
import com.acme.orders.inventory.stock.StockLevels;
import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.http.ApiAccess;
import com.acme.orders.platform.http.HttpApps;
import com.acme.orders.platform.http.Json;
import com.acme.orders.platform.http.JsonBodies;
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
 * The inventory service's composition root: configuration → pool → Jdbi → stock and reservations → the command
 * consumer and the reply relay → HTTP (admin API and probes).
 */
public final class InventoryApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InventoryApp.class);
    static final String NAME = "inventory-service";

    private final ParticipantService service;

    private InventoryApp(ParticipantService service) {
        this.service = service;
    }

    /** Creates the database when missing, migrates it, starts consuming commands and relaying replies, serves HTTP. */
    public static InventoryApp start(InventoryConfig config, Clock clock) {
        StockLevels stock = new StockLevels(config.defaultStock());
        return new InventoryApp(ParticipantService.start(NAME, "db/inventory", config.db(), config.messaging(),
                config.retention(),
                config.httpPort(), InventoryCommand.class, new Reservations(stock), clock, (jdbi, registry, checks) -> {
                    ApiAccess access = ApiAccess.of(InventoryConfig.TOKEN_VARIABLE, config.adminToken());
                    log.info("admin API: {}", access.describe());
                    return http(jdbi, stock, access, clock, registry, checks);
                }));
    }

    /** The admin API and the probes; unstarted. */
    static Javalin http(Jdbi jdbi, StockLevels stock, ApiAccess access, Clock clock, PrometheusMeterRegistry registry,
                        List<ReadinessCheck> checks) {
        ObjectMapper mapper = Json.newMapper();
        StockEndpoints endpoints = new StockEndpoints(jdbi, stock, new JsonBodies(mapper, HttpApps.MAX_BODY_BYTES),
                clock);
        return HttpApps.create(mapper, registry, checks, config -> {
            config.routes.put("/stock/{productId}", access.guard(endpoints::put));
            config.routes.get("/stock/{productId}", access.guard(endpoints::get));
        });
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
        InventoryConfig config = InventoryConfig.fromEnv(env);
        log.info("starting {} {}", NAME, env.describe());
        ParticipantService.closeOnShutdown(NAME, start(config, Clock.systemUTC()).service, log);
    }
}
