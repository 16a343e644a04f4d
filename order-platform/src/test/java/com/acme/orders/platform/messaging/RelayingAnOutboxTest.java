package com.acme.orders.platform.messaging;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.KafkaBrokers;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import com.acme.orders.testkit.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedKafka.class)
class RelayingAnOutboxTest {

    @Test
    void appended_messages_reach_their_topics_in_order_with_their_keys_and_leave_the_outbox(LocalKafkaBroker kafka) {
        try (TestDatabase database = TestDatabase.create("relay")) {
            Jdbi jdbi = withOutboxTable(database, "saga_outbox");
            String topic = "relayed-" + database.name();
            MessagingSettings settings = new MessagingSettings(kafka.bootstrapServers(), "unused-" + database.name(),
                    topic, "relay-" + database.name(), 3, 2, Duration.ofMillis(50), Duration.ofMillis(500));
            Outbox outbox = new Outbox("saga_outbox");
            List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

            jdbi.useTransaction(handle -> {
                for (int i = 0; i < ids.size(); i++) {
                    outbox.append(handle, new OutgoingMessage(ids.get(i), topic, "42", "Step",
                            ("step " + i).getBytes(StandardCharsets.UTF_8)), Instant.now());
                }
            });
            try (MessageRelay relay = new MessageRelay(settings, jdbi, outbox, new SimpleMeterRegistry())) {
                relay.start();
                List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(kafka.bootstrapServers(), topic,
                        found -> found.size() >= 3, Duration.ofSeconds(30));

                assertThat(records).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                        .containsExactly("step 0", "step 1", "step 2");
                assertThat(records).extracting(ConsumerRecord::key).containsOnly("42");
                assertThat(records).extracting(record -> new String(record.headers().lastHeader("messageId").value(),
                        StandardCharsets.UTF_8)).containsExactly(ids.stream().map(UUID::toString).toArray(String[]::new));
                assertThat(jdbi.withHandle(outbox::backlog).messages()).isZero();
            }
        }
    }

    @Test
    void messages_appended_while_kafka_is_down_wait_in_the_outbox_and_go_out_once_it_is_back() {
        LocalKafkaBroker kafka = KafkaBrokers.startDedicated("relay-outage");
        try (TestDatabase database = TestDatabase.create("relay_outage")) {
            Jdbi jdbi = withOutboxTable(database, "outbox");
            MessagingSettings settings = new MessagingSettings(kafka.bootstrapServers(), "unused", "relayed", "relay",
                    1, 100, Duration.ofMillis(50), Duration.ofMillis(500));
            Outbox outbox = new Outbox();
            try (MessageRelay relay = new MessageRelay(settings, jdbi, outbox, new SimpleMeterRegistry())) {
                relay.start();
                Await.until(() -> relay.status().kafkaReachable(), Duration.ofSeconds(30));
                kafka.close();

                jdbi.useTransaction(handle -> outbox.append(handle, new OutgoingMessage(UUID.randomUUID(), "relayed",
                        "7", "Step", "while down".getBytes(StandardCharsets.UTF_8)), Instant.now()));
                relay.wake();
                Await.until(() -> !relay.status().kafkaReachable(), Duration.ofSeconds(60));
                long waiting = jdbi.withHandle(outbox::backlog).messages();
                kafka = KafkaBrokers.restart(kafka);
                String bootstrap = kafka.bootstrapServers();
                List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(bootstrap, "relayed",
                        found -> !found.isEmpty(), Duration.ofSeconds(60));
                Await.until(() -> jdbi.withHandle(outbox::backlog).messages() == 0, Duration.ofSeconds(30));

                assertThat(waiting).as("kept while Kafka was down").isEqualTo(1);
                assertThat(records).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                        .contains("while down");
                assertThat(relay.status().kafkaReachable()).isTrue();
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void after_a_batch_smaller_than_its_limit_the_relay_waits_to_be_woken_instead_of_reading_again(
            LocalKafkaBroker kafka) throws InterruptedException {
        try (TestDatabase database = TestDatabase.create("relay_wait")) {
            Jdbi jdbi = withOutboxTable(database, "outbox");
            String topic = "relayed-" + database.name();
            // A poll interval far beyond the test: every read it makes is one it chose to make.
            MessagingSettings settings = new MessagingSettings(kafka.bootstrapServers(), "unused-" + database.name(),
                    topic, "relay-" + database.name(), 1, 10, Duration.ofMinutes(1), Duration.ofMillis(500));
            Outbox outbox = new Outbox();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            jdbi.useTransaction(handle -> outbox.append(handle, new OutgoingMessage(UUID.randomUUID(), topic, "1",
                    "Step", "first".getBytes(StandardCharsets.UTF_8)), Instant.now()));
            try (MessageRelay relay = new MessageRelay(settings, jdbi, outbox, registry)) {
                relay.start();
                Await.until(() -> jdbi.withHandle(outbox::backlog).messages() == 0, Duration.ofSeconds(30));
                Thread.sleep(300);

                assertThat(registry.counter("outbox.reads.empty").count()).isZero();

                jdbi.useTransaction(handle -> outbox.append(handle, new OutgoingMessage(UUID.randomUUID(), topic,
                        "1", "Step", "second".getBytes(StandardCharsets.UTF_8)), Instant.now()));
                relay.wake();
                List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(kafka.bootstrapServers(), topic,
                        found -> found.size() >= 2, Duration.ofSeconds(30));

                assertThat(records).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                        .containsExactly("first", "second");
                assertThat(registry.counter("outbox.reads.empty").count()).isZero();
            }
        }
    }

    /** Jdbi over {@code database}, with an outbox table named {@code table} shaped as the package describes. */
    private static Jdbi withOutboxTable(TestDatabase database, String table) {
        Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        jdbi.useHandle(handle -> handle.execute("""
                CREATE TABLE %s (position bigserial PRIMARY KEY, message_id uuid NOT NULL,
                    topic text NOT NULL, message_key text NOT NULL, type text NOT NULL, payload bytea NOT NULL,
                    created_at timestamptz NOT NULL)""".formatted(table)));
        return jdbi;
    }

    @Test
    void a_table_name_must_be_a_plain_identifier() {
        assertThatThrownBy(() -> new Outbox("outbox; DROP TABLE orders")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Inbox("Inbox")).isInstanceOf(IllegalArgumentException.class);
    }
}
