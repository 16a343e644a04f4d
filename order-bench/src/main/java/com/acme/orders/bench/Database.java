package com.acme.orders.bench;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One benchmark database on the local server: created fresh, dropped at the end. */
record Database(String host, int port, String name, String user, String password) {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/.*");

    static Database fresh(String serverUrl, String user, String password, String name) {
        Matcher url = URL.matcher(serverUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + serverUrl);
        }
        Database database = new Database(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)),
                name, user, password);
        database.onServer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    void create() {
        onServer("CREATE DATABASE " + name);
    }

    void drop() {
        onServer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Applies the migrations under {@code classpath:<location>}, as the apps do at start-up. */
    void migrate(String location) {
        Flyway.configure().dataSource(jdbcUrl(), user, password).locations("classpath:" + location).load().migrate();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + name + ": " + e.getMessage(), e);
        }
    }

    long queryLong(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + name + ": " + e.getMessage(), e);
        }
    }

    private void onServer(String sql) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
