package com.acme.orders.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection pool that, once it could not reach the database, refuses every connection at once until a
 * background probe reaches it again. Without it each request waits out the pool's connection timeout while
 * PostgreSQL is down, and requests queued behind it wait several of those: clients see answers take seconds
 * instead of an immediate 503 with {@code Retry-After}.
 *
 * <p>Only a failure to connect (SQL state class 08, or a server shutting down or starting) opens it; a pool
 * that is merely busy does not.
 */
public final class FailFastDataSource implements DataSource {

    private static final Logger log = LoggerFactory.getLogger(FailFastDataSource.class);

    private final HikariDataSource pool;
    private final Duration probeInterval;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile SQLException lastFailure;

    /** Probes every 250 ms while the database is down. */
    public FailFastDataSource(HikariDataSource pool) {
        this(pool, Duration.ofMillis(250));
    }

    public FailFastDataSource(HikariDataSource pool, Duration probeInterval) {
        this.pool = pool;
        this.probeInterval = probeInterval;
    }

    /** Whether the database is known to be unreachable right now. */
    public boolean isDown() {
        return down.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down.get()) {
            throw new SQLTransientConnectionException("the database is unreachable ("
                    + lastFailure.getMessage() + "); refusing at once until it answers again", "08001", lastFailure);
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (Postgres.isConnectFailure(e)) {
                markDown(e);
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials are used");
    }

    private void markDown(SQLException failure) {
        lastFailure = failure;
        if (down.compareAndSet(false, true)) {
            log.warn("database {} unreachable, refusing requests at once until it answers: {}", pool.getPoolName(),
                    failure.getMessage());
            Thread probe = new Thread(this::probeUntilReachable, pool.getPoolName() + "-probe");
            probe.setDaemon(true);
            probe.start();
        }
    }

    private void probeUntilReachable() {
        long since = System.nanoTime();
        while (!pool.isClosed()) {
            try {
                Thread.sleep(probeInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (Postgres.isReachable(pool)) {
                down.set(false);
                log.info("database {} reachable again after {} ms", pool.getPoolName(),
                        (System.nanoTime() - since) / 1_000_000);
                return;
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
