package com.acme.orders.query;

import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;

import java.util.HashMap;
import java.util.Map;

/** A query app on a free port over its own fresh read database, and a stand-in for the projector. */
final class RunningQueryApp implements AutoCloseable {

    final TestDatabase database;
    final QueryConfig config;
    final QueryApp app;
    final HttpJson http;
    final Jdbi jdbi;
    final ReadModelRows readModel;
    private final boolean ownsDatabase;

    private RunningQueryApp(TestDatabase database, QueryConfig config, QueryApp app) {
        this(database, config, app, true);
    }

    private RunningQueryApp(TestDatabase database, QueryConfig config, QueryApp app, boolean ownsDatabase) {
        this.ownsDatabase = ownsDatabase;
        this.database = database;
        this.config = config;
        this.app = app;
        this.http = HttpJson.local(app.port());
        this.jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        this.readModel = new ReadModelRows(jdbi);
    }

    static RunningQueryApp start() {
        return start(Map.of());
    }

    /** Starts with test defaults, {@code overrides} replacing any environment variable. */
    static RunningQueryApp start(Map<String, String> overrides) {
        TestDatabase database = TestDatabase.create("query");
        QueryConfig config = config(database, overrides);
        return new RunningQueryApp(database, config, QueryApp.start(config));
    }

    /** Another instance over {@code other}'s read database (closing it leaves the database to {@code other}). */
    static RunningQueryApp alongside(RunningQueryApp other, Map<String, String> overrides) {
        QueryConfig config = config(other.database, overrides);
        return new RunningQueryApp(other.database, config, QueryApp.start(config), false);
    }

    static QueryConfig config(TestDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("READ_DB_URL", database.jdbcUrl());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.putAll(overrides);
        return QueryConfig.fromEnv(new Env(env));
    }

    @Override
    public void close() {
        app.close();
        if (ownsDatabase) {
            database.close();
        }
    }
}
