package com.acme.orders.query.consistency;

import com.acme.orders.platform.db.DbSettings;
import com.acme.orders.platform.worker.Backoff;
import com.acme.orders.platform.worker.Worker;
import com.acme.orders.readmodel.ReadModel;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Hears the projector's {@code NOTIFY} on {@value ReadModel#CHANGED_CHANNEL} and releases the waiting requests
 * whose order it changed. One thread owns one connection of its own: a pooled connection would be handed to
 * other work, and LISTEN belongs to the session. Blocks in {@code getNotifications}, so an idle app sends no
 * queries; the re-check after a notification is one query for all affected waiters.
 *
 * <p>When the connection drops it reconnects with backoff and then re-checks every waiter, because
 * notifications sent while nobody listened are gone. The thread, its shutdown, the backoff and the ladder of
 * failures that are retried or stop the process are the platform's {@link Worker}.
 */
public final class ReadModelListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadModelListener.class);
    /** How long one blocking wait for notifications lasts, which bounds how long {@link #close()} takes. */
    private static final int WAKE_UP_MILLIS = 500;
    /** A connection cut without a TCP reset looks like silence; after this long a round trip tells them apart. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /** Whether the listener is connected, for {@code /ready}. */
    public record Status(boolean listening, String detail) {
    }

    private final DbSettings db;
    private final PendingReads pending;
    private final ChangeSubscriber subscriber;
    private final Worker worker;

    private boolean everConnected;

    ReadModelListener(DbSettings db, PendingReads pending, IntConsumer exit, ChangeSubscriber subscriber) {
        this.db = db;
        this.pending = pending;
        this.subscriber = subscriber;
        this.worker = new Worker("read-model-listener", this::listenUntilClosed,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), exit);
    }

    public void start() {
        worker.start();
    }

    public Status status() {
        Worker.Status current = worker.status();
        return new Status(current.running(), current.detail());
    }

    @Override
    public void close() {
        worker.close(Duration.ofSeconds(5));
    }

    /** One connection's life: LISTEN, catch up on what was missed, then wait for notifications until closed. */
    private void listenUntilClosed(Worker.Session session) throws SQLException {
        try (Connection connection = connect()) {
            listen(connection);
            subscriber.listening(true);
            session.running("listening on " + ReadModel.CHANGED_CHANNEL);
            if (everConnected) {
                log.info("read model listener reconnected channel={} waiting={}", ReadModel.CHANGED_CHANNEL,
                        pending.size());
            } else {
                log.info("read model listener started channel={}", ReadModel.CHANGED_CHANNEL);
            }
            everConnected = true;
            // Changes committed while no one listened sent notifications nobody heard.
            recheck(connection, ChangedOrders.EVERYTHING, 0);
            receive(connection, session);
        } finally {
            // Lost or closed: what the cache holds can no longer be trusted to hear of changes.
            subscriber.listening(false);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        properties.setProperty("password", db.password());
        properties.setProperty("ApplicationName", "order-query-listener");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, db.connectTimeout().toSeconds())));
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(db.jdbcUrl(), properties);
    }

    private static void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ReadModel.CHANGED_CHANNEL);
        }
    }

    private void receive(Connection connection, Worker.Session session) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!session.closed()) {
            PGNotification[] notifications = postgres.getNotifications(WAKE_UP_MILLIS);
            if (notifications != null && notifications.length > 0) {
                recheck(connection, ChangedOrders.parse(Arrays.stream(notifications)
                        .map(PGNotification::getParameter).toList()), System.nanoTime());
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
                if (!connection.isValid(2)) {
                    throw new SQLException("the LISTEN connection stopped answering", "08006");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * Tells the subscriber (the cache) of the change, then releases the waiting requests whose order reached their
     * version. The versions come with the notification; only those it lacks are read, in one query: the orders it
     * named bare (a row rewritten in place, a repair), or after a reconnect every order a request waits for.
     *
     * @param heardAtNanos when the notification arrived, or 0 for a re-check that no notification caused
     */
    private void recheck(Connection connection, ChangedOrders changed, long heardAtNanos) throws SQLException {
        Map<Long, Long> versions = new HashMap<>(changed.versions());
        Set<Long> unknown = changed.everything() ? pending.awaited(changed) : changed.withoutVersion(changed.ids());
        if (!unknown.isEmpty()) {
            versions.putAll(OrderVersions.of(connection, unknown));
        }
        // Subscribers (the cache) first: a request released below must not find the old version in them.
        subscriber.changed(changed, versions);
        pending.release(versions, heardAtNanos);
    }
}
