package com.acme.orders.command.saga;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.EventDecodingException;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.platform.messaging.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds the participants' replies to the {@link Orchestrator}. A record that is not a reply of the contract is
 * kept in {@code rejected_messages} with the reason and the stream goes on; anything else that fails (the
 * database) is thrown, so the consumer delivers the record again.
 */
public final class SagaReplies implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaReplies.class);

    private final EventCodec codec;
    private final Orchestrator orchestrator;
    private final Jdbi jdbi;
    private final Clock clock;

    public SagaReplies(EventCodec codec, Orchestrator orchestrator, Jdbi jdbi, Clock clock) {
        this.codec = codec;
        this.orchestrator = orchestrator;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) {
        handleAll(List.of(record));
    }

    /** Hands a poll's replies to the orchestrator together, so that they share transactions. */
    @Override
    public void handleAll(List<ConsumerRecord<String, byte[]>> records) {
        List<SagaReply> replies = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                replies.add(codec.decodeSagaReply(record.value() == null ? new byte[0] : record.value()));
            } catch (EventDecodingException | IllegalArgumentException e) {
                reject(record, e.getMessage());
            }
        }
        orchestrator.onReplies(replies);
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        log.error("saga reply rejected topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                record.offset(), reason);
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO rejected_messages (topic, kafka_partition, kafka_offset, reason, payload, rejected_at)
                        VALUES (:topic, :partition, :offset, :reason, :payload, :now)""")
                .bind("topic", record.topic())
                .bind("partition", record.partition())
                .bind("offset", record.offset())
                .bind("reason", reason)
                .bind("payload", record.value())
                .bind("now", clock.instant())
                .execute());
    }
}
