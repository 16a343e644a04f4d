package com.acme.orders.platform.messaging;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.saga.InventoryCommand;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A participant applies the commands of one poll in one transaction, and still undoes a failing command alone,
 * ignores a poll delivered again and keeps a record that is no command.
 */
class ApplyingAPollOfCommandsTest {

    /** The order whose commands the effect refuses (after writing, so that the write must be undone). */
    private static final long FAILING_ORDER = 13;

    private final EventCodec codec = new EventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private TestDatabase database;
    private Jdbi jdbi;
    private SagaParticipant participant;
    private long offset;

    @BeforeEach
    void start() {
        database = TestDatabase.create("batches");
        // As the services' pool connects: batched inserts rewritten into one statement, without update counts.
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        jdbi = Jdbi.create(url, database.user(), database.password());
        jdbi.useHandle(handle -> handle.execute("""
                CREATE TABLE inbox (message_id uuid PRIMARY KEY, type text NOT NULL, processed_at timestamptz NOT NULL);
                CREATE TABLE outbox (position bigserial PRIMARY KEY, message_id uuid NOT NULL, topic text NOT NULL,
                    message_key text NOT NULL, type text NOT NULL, payload bytea NOT NULL, created_at timestamptz NOT NULL);
                CREATE TABLE rejected_messages (id bigserial PRIMARY KEY, topic text NOT NULL,
                    kafka_partition int NOT NULL, kafka_offset bigint NOT NULL, reason text NOT NULL, payload bytea,
                    rejected_at timestamptz NOT NULL);
                CREATE TABLE effects (order_id bigint NOT NULL, transaction_id bigint NOT NULL)"""));
        SagaParticipant.Effect effect = (handle, command, now) -> {
            handle.execute("INSERT INTO effects (order_id, transaction_id) VALUES (?, txid_current())",
                    command.orderId());
            if (command.orderId() == FAILING_ORDER) {
                throw new IllegalStateException("order " + FAILING_ORDER + " cannot be served");
            }
            return new StockReserved(UUID.randomUUID(), command.orderId(), now, command.messageId());
        };
        participant = new SagaParticipant("test-service", InventoryCommand.class, effect, jdbi, codec, "replies",
                wakeUps::incrementAndGet, Clock.systemUTC(), registry);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    @Test
    void the_commands_of_a_poll_share_one_transaction_and_each_is_answered() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(reserve(1), reserve(2), reserve(3), reserve(4));

        participant.handleAll(poll);

        assertThat(longs("SELECT order_id FROM effects ORDER BY order_id")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(longs("SELECT count(DISTINCT transaction_id) FROM effects")).containsExactly(1L);
        assertThat(longs("SELECT message_key::bigint FROM outbox ORDER BY position")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(longs("SELECT count(*) FROM inbox")).containsExactly(4L);
        assertThat(registry.get("participant.command.handling").timer().count()).isEqualTo(4);
        assertThat(wakeUps).as("the relay is woken once for the batch").hasValue(1);
    }

    @Test
    void a_failing_command_is_undone_alone_and_the_later_commands_of_its_order_wait_for_it() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(reserve(1), reserve(FAILING_ORDER), reserve(2),
                reserve(FAILING_ORDER), reserve(3));

        assertThatThrownBy(() -> participant.handleAll(poll)).hasMessageContaining("cannot be served");

        assertThat(longs("SELECT order_id FROM effects ORDER BY order_id")).containsExactly(1L, 2L, 3L);
        assertThat(longs("SELECT message_key::bigint FROM outbox ORDER BY position")).containsExactly(1L, 2L, 3L);
        assertThat(longs("SELECT count(*) FROM inbox")).containsExactly(3L);
        assertThat(registry.get("participant.batches.retried.alone").counter().count()).isEqualTo(1);
    }

    @Test
    void a_poll_delivered_again_changes_nothing() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(reserve(1), reserve(2), reserve(3));
        participant.handleAll(poll);

        participant.handleAll(poll);

        assertThat(longs("SELECT count(*) FROM effects")).containsExactly(3L);
        assertThat(longs("SELECT count(*) FROM outbox")).containsExactly(3L);
        assertThat(registry.get("participant.commands.duplicate").counter().count()).isEqualTo(3);
    }

    @Test
    void a_command_twice_in_one_poll_takes_effect_once() {
        ConsumerRecord<String, byte[]> once = reserve(1);

        participant.handleAll(List.of(once, reserve(2), once));

        assertThat(longs("SELECT order_id FROM effects ORDER BY order_id")).containsExactly(1L, 2L);
        assertThat(longs("SELECT count(*) FROM outbox")).containsExactly(2L);
        assertThat(registry.get("participant.commands.duplicate").counter().count()).isEqualTo(1);
    }

    @Test
    void a_record_in_the_poll_that_is_no_command_is_kept_as_rejected_and_the_others_are_applied() {
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>(List.of(reserve(1)));
        poll.add(record("7", "{not json".getBytes(StandardCharsets.UTF_8)));
        poll.add(reserve(2));

        participant.handleAll(poll);

        assertThat(longs("SELECT order_id FROM effects ORDER BY order_id")).containsExactly(1L, 2L);
        assertThat(longs("SELECT kafka_offset FROM rejected_messages")).containsExactly(1L);
        assertThat(longs("SELECT count(DISTINCT transaction_id) FROM effects")).containsExactly(1L);
    }

    private ConsumerRecord<String, byte[]> reserve(long orderId) {
        ReserveStock command = new ReserveStock(UUID.randomUUID(), orderId, Instant.now(),
                List.of(new ReserveStock.Line("SKU-1", 1)));
        return record(command.key(), codec.encode(command));
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("commands", 0, offset++, key, value);
    }

    private List<Long> longs(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).list());
    }
}
