package com.acme.orders.testkit;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database, dropped on {@link #close()}, on the {@link TestServer} of this JVM: the server at
 * {@code TEST_PG_HOST} (localhost), {@code TEST_PG_PORT} (5432) as {@code TEST_PG_USER} (postgres) with
 * {@code TEST_PG_PASSWORD} (empty), or an embedded one where nothing answers there.
 */
public final class TestDatabase implements AutoCloseable {

    private final TestServer server;
    private final String name;

    private TestDatabase(TestServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates {@code test_<purpose>_<random>}. */
    public static TestDatabase create(String purpose) {
        return create(TestServer.shared(), purpose);
    }

    static TestDatabase create(TestServer server, String purpose) {
        TestDatabase database = new TestDatabase(server, uniqueName(purpose));
        execute(server, "CREATE DATABASE " + database.name);
        return database;
    }

    /** A name that no database has yet, for tests of start-up code that creates its own database. */
    public static TestDatabase reserveName(String purpose) {
        return new TestDatabase(TestServer.shared(), uniqueName(purpose));
    }

    public String name() {
        return name;
    }

    /** The server this database is on. */
    public TestServer server() {
        return server;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** This database as a {@link DataSource} (unpooled), for code that takes one, such as the schema migrations. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
    }

    @Override
    public void close() {
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static String uniqueName(String purpose) {
        return ("test_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static void execute(TestServer server, String sql) {
        String url = server.jdbcUrl("postgres");
        try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + url + ": " + e.getMessage(), e);
        }
    }
}
