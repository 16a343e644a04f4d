package com.acme.orders.command.outbox;

import com.acme.orders.platform.db.DbSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Leadership among relay instances: a PostgreSQL session advisory lock held on a connection of its own
 * (outside the pool) for as long as this instance leads. The lock goes with the session, so a crashed
 * leader frees it. Kafka's producer fencing backs it up should two instances ever believe they lead.
 */
final class RelayLeadership implements AutoCloseable {

    /** Arbitrary but fixed: "ORDRLAY" in ASCII. */
    static final long LOCK_ID = 0x4F5244524C4159L;

    private final Connection connection;

    private RelayLeadership(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock if nobody holds it; empty when another instance leads. */
    static Optional<RelayLeadership> tryAcquire(DbSettings db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        props.setProperty("connectTimeout", Long.toString(Math.max(1, db.connectTimeout().toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "order-outbox-relay-leader");
        Connection connection = DriverManager.getConnection(db.jdbcUrl(), props);
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_ID);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new RelayLeadership(connection));
                }
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /** Whether the session that holds the lock is still alive. */
    boolean stillHeld() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives the lock up (closing the session releases it even if the unlock cannot be sent). */
    @Override
    public void close() {
        try (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, LOCK_ID);
                statement.execute();
            }
        } catch (SQLException e) {
            // The session is gone, and with it the lock.
        }
    }
}
