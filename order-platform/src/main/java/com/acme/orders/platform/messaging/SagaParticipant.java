package com.acme.orders.platform.messaging;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.EventDecodingException;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The participant side of the saga contract ({@link com.acme.orders.events.saga}) for one service: decodes a
 * command, and in ONE transaction records its id in the {@link Inbox}, applies the service's {@link Effect} and
 * appends the reply to the {@link Outbox}. A redelivered command finds its id and changes nothing. A record that
 * is not a command for this service is kept in {@code rejected_messages} with the reason, and the stream goes on.
 */
public final class SagaParticipant implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaParticipant.class);

    /** What the service does for one command, in the caller's transaction; answers the reply to send. */
    @FunctionalInterface
    public interface Effect {

        SagaReply apply(Handle handle, SagaCommand command, Instant now);
    }

    private final String service;
    private final Class<? extends SagaCommand> accepted;
    private final Effect effect;
    private final Jdbi jdbi;
    private final EventCodec codec;
    private final String replyTopic;
    private final Runnable replyAppended;
    private final Clock clock;
    private final Inbox inbox = new Inbox();
    private final Outbox outbox = new Outbox();
    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter rejected;
    private final Timer handling;

    /**
     * @param service       the service's name, for logs and reasons
     * @param accepted      the commands it takes, e.g. {@code InventoryCommand.class}
     * @param effect        what it does for each
     * @param replyTopic    where replies go
     * @param replyAppended called after a reply was committed (wakes the relay)
     */
    public SagaParticipant(String service, Class<? extends SagaCommand> accepted, Effect effect, Jdbi jdbi,
                           EventCodec codec, String replyTopic, Runnable replyAppended, Clock clock,
                           MeterRegistry registry) {
        this.service = service;
        this.accepted = accepted;
        this.effect = effect;
        this.jdbi = jdbi;
        this.codec = codec;
        this.replyTopic = replyTopic;
        this.replyAppended = replyAppended;
        this.clock = clock;
        this.registry = registry;
        this.duplicates = Counter.builder("participant.commands.duplicate")
                .description("commands delivered again and ignored (their id was in the inbox)").register(registry);
        this.rejected = Counter.builder("participant.commands.rejected")
                .description("records that were not a valid command for this service").register(registry);
        this.handling = Timer.builder("participant.command.handling")
                .description("one command's transaction: inbox, effect, reply").publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) {
        SagaCommand command;
        try {
            command = codec.decodeSagaCommand(record.value());
            if (!accepted.isInstance(command)) {
                throw new EventDecodingException(command.type() + " is not a command for " + service);
            }
        } catch (EventDecodingException e) {
            reject(record, e.getMessage());
            return;
        }
        long started = System.nanoTime();
        Optional<SagaReply> reply = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            if (!inbox.firstDelivery(handle, command.messageId(), command.type(), now)) {
                return Optional.<SagaReply>empty();
            }
            SagaReply answer = effect.apply(handle, command, now);
            outbox.append(handle, new OutgoingMessage(answer.messageId(), replyTopic, answer.key(), answer.type(),
                    codec.encode(answer)), now);
            return Optional.of(answer);
        });
        if (reply.isEmpty()) {
            duplicates.increment();
            log.info("duplicate command ignored orderId={} command={} messageId={}", command.orderId(),
                    command.type(), command.messageId());
            return;
        }
        replyAppended.run();
        handling.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        Counter.builder("participant.commands").description("commands handled, by command and reply")
                .tag("command", command.type()).tag("reply", reply.get().type()).register(registry).increment();
        log.info("command handled orderId={} command={} messageId={} reply={} replyId={}", command.orderId(),
                command.type(), command.messageId(), reply.get().type(), reply.get().messageId());
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
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
        rejected.increment();
        log.warn("rejected a record that is not a command for {} topic={} partition={} offset={} reason={}", service,
                record.topic(), record.partition(), record.offset(), reason);
    }
}
