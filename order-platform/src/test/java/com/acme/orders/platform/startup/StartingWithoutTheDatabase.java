package com.acme.orders.platform.startup;

import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;

import java.util.Map;

/** A stand-in for an app's {@code main}: start-up through {@link DatabaseStartup}, run in a child JVM by the test. */
final class StartingWithoutTheDatabase {

    private StartingWithoutTheDatabase() {
    }

    public static void main(String[] args) {
        Env env = new Env(Map.of("DB_URL", args[0], "DB_STARTUP_TIMEOUT", args[1]));
        DbSettings settings = DbSettings.fromEnv(env, "DB_URL", args[0]);
        DatabaseStartup.orExit(() -> {
            DatabaseStartup.awaitDatabase(settings, 0);
            return "started";
        });
    }
}
