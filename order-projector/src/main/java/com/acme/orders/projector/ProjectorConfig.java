package com.acme.orders.projector;

import com.acme.orders.platform.config.Env;
import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.projector.consume.ConsumerSettings;
import com.acme.orders.projector.reconcile.ReconcileSettings;

/**
 * The projector's configuration, read once from the environment.
 *
 * @param adminPort {@code ADMIN_PORT}, 8083: {@code /health}, {@code /ready}, {@code /metrics}
 * @param read      {@code READ_DB_URL} and the shared {@code DB_*} settings: the read model
 * @param write     {@code WRITE_DB_URL}: the event store, read to repair gaps and to rebuild, and the write model,
 *                  which the reconciler compares the read model with
 * @param consumer  Kafka settings
 * @param reconcile when the reconciler runs and how long it lets orders in flight catch up
 */
public record ProjectorConfig(int adminPort, DbSettings read, DbSettings write, ConsumerSettings consumer,
                              ReconcileSettings reconcile) {

    public static final String DEFAULT_READ_DB_URL = "jdbc:postgresql://localhost:5432/orders_read";
    public static final String DEFAULT_WRITE_DB_URL = "jdbc:postgresql://localhost:5432/orders_write";

    public static ProjectorConfig fromEnv(Env env) {
        DbSettings read = DbSettings.fromEnv(env, "READ_DB_URL", DEFAULT_READ_DB_URL);
        String writeUrl = env.string("WRITE_DB_URL", DEFAULT_WRITE_DB_URL);
        // The write database is read rarely (gaps, rebuilds, reconcile passes): a small pool is plenty. A pass
        // streams through one connection, which leaves one for gap repairs.
        DbSettings write = new DbSettings(writeUrl, read.user(), read.password(), 2, read.connectTimeout());
        return new ProjectorConfig(env.integer("ADMIN_PORT", 8083), read, write, ConsumerSettings.fromEnv(env),
                ReconcileSettings.fromEnv(env));
    }
}
