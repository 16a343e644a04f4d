package com.acme.orders.e2e;

import com.acme.orders.command.CommandApp;
import com.acme.orders.command.CommandConfig;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.platform.config.Env;
import com.acme.orders.projector.ProjectorApp;
import com.acme.orders.projector.ProjectorConfig;
import com.acme.orders.query.QueryApp;
import com.acme.orders.query.QueryConfig;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The three apps in this JVM on free ports, over fresh databases and their own topics on a real broker. */
final class InProcessSystem implements AutoCloseable {

    final TestDatabase writeDatabase = TestDatabase.create("e2e_write");
    final TestDatabase readDatabase = TestDatabase.create("e2e_read");
    final String userTopic;
    final CommandApp commandApp;
    final ProjectorApp projector;
    final QueryApp queryApp;
    final HttpJson commands;
    final HttpJson queries;

    InProcessSystem(LocalKafkaBroker kafka) {
        this(kafka, Map.of());
    }

    /** With {@code extraEnv} on top of the test's own settings (e.g. sagas on, with the participants' topics). */
    InProcessSystem(LocalKafkaBroker kafka, Map<String, String> extraEnv) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        userTopic = "user-events-" + suffix;
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("ADMIN_PORT", "0");
        env.put("WRITE_DB_URL", writeDatabase.jdbcUrl());
        env.put("READ_DB_URL", readDatabase.jdbcUrl());
        env.put("DB_USER", writeDatabase.user());
        env.put("DB_PASSWORD", writeDatabase.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ORDER_EVENTS_TOPIC", "order-events-" + suffix);
        env.put("USER_EVENTS_TOPIC", userTopic);
        env.put("DEAD_LETTER_TOPIC", "order-events-dlq-" + suffix);
        env.put("RELAY_TRANSACTIONAL_ID", "relay-" + suffix);
        env.put("PROJECTOR_GROUP_ID", "projector-" + suffix);
        env.put("SAGA_CONSUMER_GROUP", "saga-" + suffix);
        env.putAll(extraEnv);
        commandApp = CommandApp.start(CommandConfig.fromEnv(new Env(env)), Clock.systemUTC());
        projector = ProjectorApp.start(ProjectorConfig.fromEnv(new Env(env)));
        queryApp = QueryApp.start(QueryConfig.fromEnv(new Env(env)));
        commands = HttpJson.local(commandApp.port());
        queries = HttpJson.local(queryApp.port());
    }

    @Override
    public void close() {
        queryApp.close();
        projector.close();
        commandApp.close();
        readDatabase.close();
        writeDatabase.close();
    }
}
