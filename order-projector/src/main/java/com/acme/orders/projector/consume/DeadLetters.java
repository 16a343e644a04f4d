package com.acme.orders.projector.consume;

import com.acme.orders.projector.project.DeadLetter;
import com.acme.orders.projector.project.RecordOrigin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records the projector cannot apply to the dead-letter topic: original key and value, original
 * headers, plus {@code dlq-reason}, {@code dlq-topic}, {@code dlq-partition}, {@code dlq-offset} and
 * {@code dlq-at}. A send is acknowledged before the batch's transaction commits, so a dead letter is never
 * lost; if the transaction then fails and the batch is retried, the letter may be sent again.
 */
public final class DeadLetters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String topic;
    private final Producer<String, byte[]> producer;

    public DeadLetters(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every letter and waits for the broker to acknowledge them all. */
    public void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (DeadLetter letter : letters) {
            RecordOrigin origin = letter.origin();
            log.warn("dead-lettering record origin={} key={} reason={}", origin, origin.key(), letter.reason());
            sends.add(producer.send(new ProducerRecord<>(topic, null, origin.key(), origin.value(), headers(letter))));
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot dead-letter to " + topic + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("dead-letter topic " + topic + " did not acknowledge", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static RecordHeaders headers(DeadLetter letter) {
        RecordOrigin origin = letter.origin();
        RecordHeaders headers = new RecordHeaders();
        if (origin.headers() != null) {
            for (Header header : origin.headers()) {
                headers.add(header);
            }
        }
        headers.add(text("dlq-reason", letter.reason()));
        headers.add(text("dlq-topic", origin.topic()));
        headers.add(text("dlq-partition", Integer.toString(origin.partition())));
        headers.add(text("dlq-offset", Long.toString(origin.offset())));
        headers.add(text("dlq-at", Instant.now().toString()));
        return headers;
    }

    private static RecordHeader text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
