package com.acme.orders.platform.db;

import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Once the database could not be reached, connections are refused at once until a probe reaches it again. */
class FailFastDataSourceTest {

    private TestDatabase database;
    private TcpProxy proxy;
    private HikariDataSource pool;
    private FailFastDataSource dataSource;

    @BeforeEach
    void start() {
        database = TestDatabase.create("failfast");
        proxy = TcpProxy.start(database.server().host(), database.server().port());
        String viaProxy = database.jdbcUrl().replace(":" + database.server().port() + "/", ":" + proxy.port() + "/");
        pool = Postgres.pool("failfast", new DbSettings(viaProxy, database.user(), database.password(), 2,
                Duration.ofMillis(500)));
        dataSource = new FailFastDataSource(pool, Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        pool.close();
        proxy.close();
        database.close();
    }

    @Test
    void after_a_failed_connect_it_refuses_at_once_and_reopens_when_the_database_answers_again() throws Exception {
        assertThat(Postgres.isReachable(dataSource)).isTrue();
        assertThat(dataSource.isDown()).isFalse();

        proxy.cut();
        pool.getHikariPoolMXBean().softEvictConnections();
        assertThatThrownBy(dataSource::getConnection).as("the pool itself gives up after its timeout")
                .isInstanceOf(SQLException.class)
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).startsWith("08"));
        assertThat(dataSource.isDown()).isTrue();
        assertThatThrownBy(dataSource::getConnection).as("then refused without asking the pool")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("refusing at once")
                .satisfies(failure -> assertThat(Postgres.isUnavailable(failure)).as("maps to 503").isTrue());

        proxy.resume();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dataSource.isDown() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dataSource.isDown()).as("reopened by the probe").isFalse();
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void a_busy_pool_does_not_count_as_an_unreachable_database() throws Exception {
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
            assertThat(dataSource.isDown()).isFalse();
        }
    }
}
