package com.acme.orders.platform.messaging;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.EventDecodingException;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.platform.db.Postgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The participant side of the saga contract ({@link com.acme.orders.events.saga}) for one service: decodes a
 * command, and in ONE transaction records its id in the {@link Inbox}, applies the service's {@link Effect} and
 * appends the reply to the {@link Outbox} (the ids and the replies of a batch each in one round trip). A redelivered command finds its id and changes nothing. A record that
 * is not a command for this service is kept in {@code rejected_messages} with the reason, and the stream goes on.
 *
 * <p>The commands of one poll share that transaction: each commit waits for the disk, so one per command bounds
 * a service at a few hundred commands a second. The {@link Effect} first takes the locks the whole batch needs
 * in one global order ({@link Effect#lockAll}), so batches of two instances queue instead of deadlocking. When
 * the batch fails as a whole — one command's effect fails, a deadlock, the commit — it is rolled back and each
 * command runs again in its own transaction, so a bad command is undone alone (with the later commands of its
 * order, which must not overtake it) and fails as it would have alone.
 * (No savepoint per command: failures are rare, and a savepoint costs two round trips and a subtransaction.)
 */
public final class SagaParticipant implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaParticipant.class);

    /** What the service does for each command, in the caller's transaction. */
    @FunctionalInterface
    public interface Effect {

        /** Applies {@code command}; answers the reply to send. */
        SagaReply apply(Handle handle, SagaCommand command, Instant now);

        /**
         * Before {@code commands} are applied one after the other in one transaction: takes, in an order every
         * transaction of the service keeps, the shared locks that applying them would take in the order of the
         * commands. Nothing to do when the commands lock only rows of their own orders.
         */
        default void lockAll(Handle handle, List<SagaCommand> commands, Instant now) {
        }
    }

    /** One command applied: its reply, or none when it had been applied before. */
    private record Applied(SagaCommand command, Optional<SagaReply> reply) {
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
    private final Counter batchesRetriedAlone;
    private final Timer handling;
    private final DistributionSummary batchSizes;

    /**
     * @param service       the service's name, for logs and reasons
     * @param accepted      the commands it takes, e.g. {@code InventoryCommand.class}
     * @param effect        what it does for each
     * @param replyTopic    where replies go
     * @param replyAppended called after replies were committed (wakes the relay)
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
        this.batchesRetriedAlone = Counter.builder("participant.batches.retried.alone")
                .description("batches that failed together and whose commands ran again one per transaction")
                .register(registry);
        this.handling = Timer.builder("participant.command.handling")
                .description("one command's transaction, from its start to its commit: inbox, effect, reply (the"
                        + " commands of a batch share one)").publishPercentileHistogram()
                .register(registry);
        this.batchSizes = DistributionSummary.builder("participant.batch.commands")
                .description("commands applied in one transaction").register(registry);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) {
        handleAll(List.of(record));
    }

    @Override
    public void handleAll(List<ConsumerRecord<String, byte[]>> records) {
        List<SagaCommand> commands = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            decode(record).ifPresent(commands::add);
        }
        if (commands.size() > 1) {
            try {
                applyInOneTransaction(commands);
                return;
            } catch (RuntimeException e) {
                if (Postgres.isUnavailable(e)) {
                    throw e;
                }
                batchesRetriedAlone.increment();
                log.info("a batch of {} commands failed together, handling each alone: {}", commands.size(),
                        e.getMessage());
            }
        }
        applyEachAlone(commands);
    }

    /**
     * One transaction per command. A command that fails leaves the later commands of its order unapplied (they
     * must not overtake it) and the others applied; then its failure is thrown, so that the poll comes again.
     */
    private void applyEachAlone(List<SagaCommand> commands) {
        RuntimeException failure = null;
        Set<Long> failedOrders = new HashSet<>();
        for (SagaCommand command : commands) {
            if (failedOrders.contains(command.orderId())) {
                continue;
            }
            try {
                applyInOneTransaction(List.of(command));
            } catch (RuntimeException e) {
                if (Postgres.isUnavailable(e)) {
                    throw e;
                }
                log.warn("command failed orderId={} command={} messageId={}: {}", command.orderId(), command.type(),
                        command.messageId(), e.toString());
                failedOrders.add(command.orderId());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Optional<SagaCommand> decode(ConsumerRecord<String, byte[]> record) {
        try {
            SagaCommand command = codec.decodeSagaCommand(record.value());
            if (!accepted.isInstance(command)) {
                throw new EventDecodingException(command.type() + " is not a command for " + service);
            }
            return Optional.of(command);
        } catch (EventDecodingException e) {
            reject(record, e.getMessage());
            return Optional.empty();
        }
    }

    /** Applies {@code commands} in order in one transaction, then counts and logs each. */
    private void applyInOneTransaction(List<SagaCommand> commands) {
        long started = System.nanoTime();
        List<Applied> applied = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            boolean[] first = inbox.firstDeliveries(handle, commands.stream()
                    .map(command -> new Inbox.Delivery(command.messageId(), command.type())).toList(), now);
            List<SagaCommand> fresh = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                if (first[i]) {
                    fresh.add(commands.get(i));
                }
            }
            if (fresh.size() > 1) {
                effect.lockAll(handle, fresh, now);
            }
            List<Applied> each = new ArrayList<>(commands.size());
            List<OutgoingMessage> answers = new ArrayList<>(fresh.size());
            for (int i = 0; i < commands.size(); i++) {
                SagaCommand command = commands.get(i);
                if (!first[i]) {
                    each.add(new Applied(command, Optional.empty()));
                    continue;
                }
                SagaReply answer = effect.apply(handle, command, clock.instant());
                answers.add(new OutgoingMessage(answer.messageId(), replyTopic, answer.key(), answer.type(),
                        codec.encode(answer)));
                each.add(new Applied(command, Optional.of(answer)));
            }
            outbox.appendAll(handle, answers, now);
            return each;
        });
        long elapsed = System.nanoTime() - started;
        batchSizes.record(commands.size());
        if (applied.stream().anyMatch(a -> a.reply().isPresent())) {
            replyAppended.run();
        }
        for (Applied one : applied) {
            SagaCommand command = one.command();
            if (one.reply().isEmpty()) {
                duplicates.increment();
                log.info("duplicate command ignored orderId={} command={} messageId={}", command.orderId(),
                        command.type(), command.messageId());
                continue;
            }
            SagaReply reply = one.reply().get();
            handling.record(elapsed, TimeUnit.NANOSECONDS);
            Counter.builder("participant.commands").description("commands handled, by command and reply")
                    .tag("command", command.type()).tag("reply", reply.type()).register(registry).increment();
            log.info("command handled orderId={} command={} messageId={} reply={} replyId={}", command.orderId(),
                    command.type(), command.messageId(), reply.type(), reply.messageId());
        }
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
