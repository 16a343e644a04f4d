package com.acme.orders.bench;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.OrderStatusUpdatedEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Large, valid data sets made fast: events straight onto a topic, events straight into an event store, and
 * a filled read model. Order {@code i} gets 1 to 4 events (created, then CONFIRMED, PROCESSING, SHIPPED), so
 * {@code n} events cover {@code n / 2.5} orders.
 */
final class SyntheticData {

    private static final String[] STATUSES = {"PENDING", "CONFIRMED", "PROCESSING", "SHIPPED"};
    private static final long CHUNK = 50_000;
    /** Every order whose id is a multiple of this is deleted in {@link #fillReadModel}. */
    static final int DELETED_EVERY = 50;

    /** {@code id}, or the order before it when the synthetic data deleted it (a read of it would be a 410). */
    static long existing(long id) {
        return id % DELETED_EVERY == 0 ? id - 1 : id;
    }

    private SyntheticData() {
    }

    /** How many orders carry {@code events} events in this pattern. */
    static long ordersFor(long events) {
        return events * 2 / 5;
    }

    /** Publishes the events of {@code orders} orders to a new topic with {@code partitions} partitions. */
    static long produce(String bootstrap, String topic, int partitions, long orders, Consumer<String> progress)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        EventCodec codec = new EventCodec();
        Instant at = Instant.now();
        long events = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            for (long id = 1; id <= orders; id++) {
                String key = Long.toString(id);
                producer.send(new ProducerRecord<>(topic, key, codec.encode(new OrderEventEnvelope(UUID.randomUUID(), id, 1,
                        at, new OrderCreatedEvent(1 + id % 100_000, List.of(new OrderCreatedEvent.Item("SKU-1", 2,
                        new BigDecimal("19.99"))), new BigDecimal("39.98"), "Street " + id, null)))));
                events++;
                for (int version = 2; version <= 1 + id % 4; version++) {
                    producer.send(new ProducerRecord<>(topic, key, codec.encode(new OrderEventEnvelope(UUID.randomUUID(),
                            id, version, at, new OrderStatusUpdatedEvent(STATUSES[version - 2], STATUSES[version - 1])))));
                    events++;
                }
                if (id % 100_000 == 0) {
                    progress.accept("  produced " + events + " events (" + id + " orders)");
                }
            }
            producer.flush();
        }
        return events;
    }

    /** Writes the same pattern into an event store ({@code order_events}), in chunks, with progress. */
    static long fillEventStore(Database store, long orders, Consumer<String> progress) {
        for (long from = 1; from <= orders; from += CHUNK) {
            long to = Math.min(orders, from + CHUNK - 1);
            store.execute("""
                    INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                    SELECT gen_random_uuid(), o, v,
                           CASE WHEN v = 1 THEN 'OrderCreated' ELSE 'OrderStatusUpdated' END,
                           CASE WHEN v = 1 THEN 2 ELSE 1 END,
                           CASE v WHEN 1 THEN jsonb_build_object('userId', 1 + o %% 100000,
                                                   'items', jsonb_build_array(jsonb_build_object('productId', 'SKU-1',
                                                            'quantity', 2, 'unitPrice', 19.99)),
                                                   'totalAmount', 39.98, 'shippingAddress', 'Street ' || o, 'notes', null)
                                  WHEN 2 THEN '{"oldStatus": "PENDING", "newStatus": "CONFIRMED"}'::jsonb
                                  WHEN 3 THEN '{"oldStatus": "CONFIRMED", "newStatus": "PROCESSING"}'::jsonb
                                  ELSE '{"oldStatus": "PROCESSING", "newStatus": "SHIPPED"}'::jsonb END,
                           now() - (o %% 365) * interval '1 day' + v * interval '1 minute'
                    FROM generate_series(%d::bigint, %d::bigint) o CROSS JOIN LATERAL generate_series(1, 1 + (o %% 4)::int) v
                    """.formatted(from, to));
            progress.accept("  event store: " + to + " of " + orders + " orders");
        }
        store.execute("ANALYZE order_events");
        return store.queryLong("SELECT count(*) FROM order_events");
    }

    /**
     * Fills a migrated read model with {@code orders} orders of {@code users} users: every status, dates over a
     * year, amounts 1.00 to 1000.99, one in fifty deleted, usernames like {@code user4242_carol}.
     */
    static void fillReadModel(Database read, long orders, long users, Consumer<String> progress) {
        read.execute("""
                INSERT INTO user_directory (user_id, username, email, occurred_at, event_id)
                SELECT u, 'user' || u || '_' || (ARRAY['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace',
                                                       'heidi', 'ivan', 'judy'])[1 + u %% 10],
                       'u' || u || '@example.com', now(), gen_random_uuid()
                FROM generate_series(1, %d) u""".formatted(users));
        progress.accept("  read model: " + users + " users");
        for (long from = 1; from <= orders; from += 2 * CHUNK) {
            long to = Math.min(orders, from + 2 * CHUNK - 1);
            read.execute("""
                    INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at,
                                                   shipping_address, notes, user_username, user_email, items_count,
                                                   is_deleted, version)
                    SELECT o, u.user_id, 1 + ((o * 37) %% 100000) / 100.0,
                           (ARRAY['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED'])[1 + o %% 6],
                           now() - ((o * 13) %% 525600) * interval '1 minute',
                           now() - ((o * 13) %% 525600) * interval '1 minute' + interval '1 hour',
                           'Street ' || o, NULL, u.username, u.email, 1 + (o %% 3)::int, o %% %d = 0, 1 + o %% 5
                    FROM generate_series(%d::bigint, %d::bigint) o
                    JOIN user_directory u ON u.user_id = 1 + (o * 7919) %% %d""".formatted(DELETED_EVERY, from, to, users));
            progress.accept("  read model: " + to + " of " + orders + " orders");
        }
        read.execute("ANALYZE order_read_models");
        read.execute("ANALYZE user_directory");
    }
}
