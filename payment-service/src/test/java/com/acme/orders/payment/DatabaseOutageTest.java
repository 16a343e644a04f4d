package com.acme.orders.payment;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SagaWire;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TcpProxy;
import com.acme.orders.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands that arrive while PostgreSQL is unreachable are taken once it is back: none lost, none doubled. */
@ExtendWith(SharedKafka.class)
class DatabaseOutageTest {

    @Test
    void commands_consumed_during_a_database_outage_take_effect_once_when_it_is_back(LocalKafkaBroker kafka)
            throws Exception {
        TestDatabase database = TestDatabase.create("payments_outage");
        try (TcpProxy proxy = TcpProxy.start(database.server().host(), database.server().port());
             SagaWire wire = new SagaWire(kafka.bootstrapServers())) {
            String viaProxy = database.jdbcUrl().replace(":" + database.server().port() + "/", ":" + proxy.port() + "/");
            PaymentConfig config = RunningPayments.config(database, kafka,
                    Map.of("PAYMENT_DB_URL", viaProxy, "DB_CONNECT_TIMEOUT", "500ms"));
            String commands = config.messaging().inputTopic();
            String replies = config.messaging().outputTopic();
            try (PaymentApp app = PaymentApp.start(config, Clock.systemUTC())) {
                HttpJson http = HttpJson.local(app.port());
                AuthorizePayment before = new AuthorizePayment(UUID.randomUUID(), 31, Instant.now(),
                        new BigDecimal("10.00"), "EUR");
                wire.send(commands, before);
                wire.replies(replies, found -> found.size() == 1, Duration.ofSeconds(30));

                proxy.cut();
                AuthorizePayment during = new AuthorizePayment(UUID.randomUUID(), 32, Instant.now(),
                        new BigDecimal("20.00"), "EUR");
                VoidPayment voiding = new VoidPayment(UUID.randomUUID(), 31, Instant.now());
                wire.send(commands, during);
                wire.send(commands, voiding);
                Thread.sleep(2_000); // the consumer takes them, fails, backs off and retries
                HttpJson.Response ready = http.get("/ready");
                proxy.resume();
                List<SagaReply> all = wire.replies(replies, found -> found.size() >= 3, Duration.ofSeconds(60));
                List<SagaReply> settled = wire.allReplies(replies, Duration.ofSeconds(2));

                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("DOWN");
                assertThat(all).hasSize(3);
                assertThat(settled).as("nothing answered twice").hasSize(3);
                assertThat(settled).filteredOn(r -> r.causationId().equals(during.messageId()))
                        .singleElement().isInstanceOf(PaymentAuthorized.class);
                assertThat(settled).filteredOn(r -> r.causationId().equals(voiding.messageId()))
                        .singleElement().isInstanceOf(PaymentVoided.class);
                Jdbi direct = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
                List<String> outcomes = direct.withHandle(handle -> handle.createQuery(
                        "SELECT outcome FROM payment_operations ORDER BY id").mapTo(String.class).list());
                assertThat(outcomes).containsExactlyInAnyOrder("AUTHORIZED", "AUTHORIZED", "VOIDED");
            }
        } finally {
            database.close();
        }
    }
}
