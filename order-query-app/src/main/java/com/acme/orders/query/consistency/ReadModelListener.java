package com.acme.orders.query.consistency;

import com.acme.orders.platform.db.DbSettings;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hears the projector's {@code NOTIFY} on {@value ReadModel#CHANGED_CHANNEL} and releases the waiting requests
 * whose order it changed. One thread owns one connection of its own: a pooled connection would be handed to
 * other work, and LISTEN belongs to the session. Blocks in {@code getNotifications}, so an idle app sends no
 * queries; the re-check after a notification is one query for all affected waiters.
 *
 * <p>When the connection drops it reconnects with backoff and then re-checks every waiter, because
 * notifications sent while nobody listened are gone.
 */
public final class ReadModelListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadModelListener.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
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
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);

    private volatile boolean closed;
    private volatile Status status = new Status(false, "starting");

    ReadModelListener(DbSettings db, PendingReads pending, ChangeSubscriber subscriber) {
        this.db = db;
        this.pending = pending;
        this.subscriber = subscriber;
        this.thread = new Thread(this::run, "read-model-listener");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public Status status() {
        return status;
    }

    @Override
    public void close() {
        closed = true;
        stopping.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        boolean everConnected = false;
        while (!closed) {
            try (Connection connection = connect()) {
                listen(connection);
                subscriber.listening(true);
                status = new Status(true, "listening on " + ReadModel.CHANGED_CHANNEL);
                if (everConnected) {
                    log.info("read model listener reconnected channel={} waiting={}", ReadModel.CHANGED_CHANNEL,
                            pending.size());
                } else {
                    log.info("read model listener started channel={}", ReadModel.CHANGED_CHANNEL);
                }
                everConnected = true;
                backoff = MIN_BACKOFF;
                // Changes committed while no one listened sent notifications nobody heard.
                recheck(connection, ChangedOrders.EVERYTHING);
                receive(connection);
            } catch (SQLException e) {
                backoff = retryAfter(backoff, e.getMessage());
            } catch (RuntimeException e) {
                // A defect here must not end read-your-writes for the life of the process: log it loudly, retry.
                log.error("read model listener failed unexpectedly", e);
                backoff = retryAfter(backoff, e.toString());
            }
        }
        subscriber.listening(false);
        status = new Status(false, "stopped");
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

    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(WAKE_UP_MILLIS);
            if (notifications != null && notifications.length > 0) {
                recheck(connection, ChangedOrders.parse(Arrays.stream(notifications)
                        .map(PGNotification::getParameter).toList()));
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
                if (!connection.isValid(2)) {
                    throw new SQLException("the LISTEN connection stopped answering", "08006");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Reads the versions of the changed orders that requests wait for, in one query, and releases those caught up. */
    private void recheck(Connection connection, ChangedOrders changed) throws SQLException {
        // Subscribers (the cache) first: a request released below must not find the old version in them.
        subscriber.changed(changed);
        Set<Long> awaited = pending.awaited(changed);
        if (!awaited.isEmpty()) {
            pending.release(OrderVersions.of(connection, awaited));
        }
    }

    private Duration retryAfter(Duration backoff, String reason) {
        if (closed) {
            return backoff;
        }
        status = new Status(false, "reconnecting: " + reason);
        subscriber.listening(false);
        log.warn("read model listener lost its connection; retrying in {} ms waiting={}: {}", backoff.toMillis(),
                pending.size(), reason);
        try {
            stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
}
