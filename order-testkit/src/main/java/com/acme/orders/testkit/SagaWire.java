package com.acme.orders.testkit;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.saga.SagaMessage;
import com.acme.orders.events.saga.SagaReply;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Sends saga commands and reads saga replies as the order service would: through the contract's codec, keyed by
 * order id, on real topics.
 */
public final class SagaWire implements AutoCloseable {

    private final String bootstrapServers;
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer;

    public SagaWire(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code message} to {@code topic}, keyed by its order id, and waits for the broker's acknowledgement. */
    public void send(String topic, SagaMessage message) {
        sendRaw(topic, message.key(), codec.encode(message));
    }

    /** Sends any bytes, for tests of what a consumer does with a record that is not a valid message. */
    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        }
    }

    /** The replies on {@code topic}, read from the beginning until {@code enough} holds or {@code timeout} passes. */
    public List<SagaReply> replies(String topic, Predicate<List<SagaReply>> enough, Duration timeout) {
        return decode(TopicRecords.readUntil(bootstrapServers, topic, records -> enough.test(decode(records)), timeout));
    }

    /** Waits up to {@code timeout} for the reply on {@code topic} to the command {@code commandId} and answers it. */
    public SagaReply replyTo(String topic, UUID commandId, Duration timeout) {
        return replies(topic, replies -> replies.stream().anyMatch(r -> r.causationId().equals(commandId)), timeout)
                .stream().filter(r -> r.causationId().equals(commandId)).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to command " + commandId + " within "
                        + timeout.toSeconds() + " s"));
    }

    /** Every reply on {@code topic} after waiting {@code settle}, for checks that nothing more arrives. */
    public List<SagaReply> allReplies(String topic, Duration settle) {
        return decode(TopicRecords.readAll(bootstrapServers, topic, settle));
    }

    private List<SagaReply> decode(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> codec.decodeSagaReply(record.value())).toList();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
