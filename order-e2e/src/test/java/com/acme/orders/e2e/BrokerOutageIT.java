package com.acme.orders.e2e;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.Topics;
import com.acme.orders.localrun.SupervisedProcess;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker stopped for 30 s while clients keep placing and confirming orders: no command fails (the outbox
 * holds the events), and once the broker is back every stored event is on {@code order-events} exactly once, in
 * version order per order, and the read model catches up with the write model.
 */
class BrokerOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private RunningProcesses system;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void commands_succeed_while_the_broker_is_down_and_every_event_arrives_in_order_once_it_is_back()
            throws Exception {
        SupervisedProcess kafka = system.supervisor.process("kafka");
        long placedDuringOutage;
        long heldInOutbox;
        try (CommandLoad load = CommandLoad.paced(system.commands, 4, Duration.ofMillis(10))) {
            Await.until(() -> load.placed() >= 200, Duration.ofSeconds(60));
            kafka.stop(Duration.ofSeconds(20));
            long placedBefore = load.placed();
            Thread.sleep(OUTAGE.toMillis());
            placedDuringOutage = load.placed() - placedBefore;
            heldInOutbox = outbox();
            kafka.start();
            kafka.awaitReady(Duration.ofSeconds(60));
            long placedAfterRestart = load.placed();
            Await.until(() -> load.placed() >= placedAfterRestart + 200, Duration.ofSeconds(60));
            load.close();
            assertThat(load.failures()).as("commands before, during and after the outage").isEmpty();
        }
        assertThat(placedDuringOutage).as("orders placed while the broker was down").isGreaterThan(500);
        assertThat(heldInOutbox).as("events waiting in the outbox when the broker came back").isPositive();

        Await.until(() -> outbox() == 0, Duration.ofMinutes(2));
        long stored = count("SELECT count(*) FROM order_events");
        List<ConsumerRecord<String, byte[]>> published = TopicRecords.readUntil(system.settings.kafkaBootstrap(),
                Topics.ORDER_EVENTS, records -> records.size() >= stored, Duration.ofMinutes(1));
        assertThat(published).as("every stored event published, none twice").hasSize((int) stored);
        assertPublishedOncePerEventInVersionOrder(published);
        system.awaitReadModelEqualsWriteModel(Duration.ofMinutes(2));
    }

    /** Within each key (order id), versions run 1, 2, 3 … in offset order; no event id appears twice. */
    private static void assertPublishedOncePerEventInVersionOrder(List<ConsumerRecord<String, byte[]>> records) {
        EventCodec codec = new EventCodec();
        Map<Long, List<Long>> versionsByOrder = new HashMap<>();
        Set<UUID> eventIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            OrderEventEnvelope event = codec.decodeOrderEvent(record.value());
            assertThat(record.key()).isEqualTo(Long.toString(event.orderId()));
            assertThat(eventIds.add(event.eventId())).as("event %s published twice", event.eventId()).isTrue();
            versionsByOrder.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event.version());
        }
        versionsByOrder.forEach((order, versions) -> {
            List<Long> expected = new ArrayList<>();
            for (long version = 1; version <= versions.size(); version++) {
                expected.add(version);
            }
            assertThat(versions).as("versions of order %d in the order they were published", order)
                    .isEqualTo(expected);
        });
    }

    private long outbox() {
        return count("SELECT count(*) FROM outbox");
    }

    private long count(String sql) {
        return system.writeJdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
