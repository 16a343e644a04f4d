package com.acme.orders.command;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.Topics;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static com.acme.orders.command.RunningCommandApp.item;
import static com.acme.orders.command.RunningCommandApp.orderJson;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class CreatingAnOrderTest {

    private static RunningCommandApp app;
    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void start(LocalKafkaBroker broker) {
        kafka = broker;
        app = RunningCommandApp.start(broker);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_new_order_is_201_pending_at_version_1_with_the_total_computed_from_its_items() {
        HttpJson.Response response = app.http.post("/orders", anOrder());

        assertThat(response.status()).isEqualTo(201);
        String id = response.field("id");
        assertThat(response.header("Location")).contains("/orders/" + id);
        assertThat(response.header("ETag")).contains("\"1\"");
        assertThat(response.header("Consistency-Token")).contains(id + ":1");
        assertThat(response.field("status")).isEqualTo("PENDING");
        assertThat(response.json().get("version").asLong()).isEqualTo(1);
        assertThat(response.json().get("totalAmount").decimalValue()).isEqualByComparingTo("44.98");
        assertThat(response.json().get("userId").asLong()).isEqualTo(42);
        assertThat(response.json().get("items")).hasSize(2);
        assertThat(response.field("shippingAddress")).isEqualTo("1 Main St");
        assertThat(response.field("notes")).isEqualTo("leave at the door");
        assertThat(response.field("createdAt")).isEqualTo(response.field("updatedAt")).endsWith("Z");
        assertThat(response.json().get("deleted").asBoolean()).isFalse();
    }

    @Test
    void money_is_a_json_number_with_two_decimals() {
        HttpJson.Response response = app.http.post("/orders", orderJson(7, item("SKU-9", 2, "20")));

        assertThat(response.text()).contains("\"totalAmount\":40.00").contains("\"unitPrice\":20.00");
    }

    @Test
    void the_order_its_lines_and_its_creation_event_are_stored_together() {
        long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));

        assertThat(app.count("SELECT count(*) FROM orders WHERE id = " + id)).isEqualTo(1);
        assertThat(app.count("SELECT count(*) FROM order_items WHERE order_id = " + id)).isEqualTo(2);
        List<Map<String, Object>> events = app.jdbi.withHandle(handle -> handle.createQuery(
                "SELECT type, version, schema_version, payload->>'totalAmount' AS total FROM order_events WHERE order_id = "
                        + id).mapToMap().list());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event).containsEntry("type", "OrderCreated").containsEntry("version", 1L)
                    .containsEntry("schema_version", 2).containsEntry("total", "44.98");
        });
    }

    @Test
    void an_order_without_a_shipping_address_is_placed_with_a_null_address_and_stored_so() {
        HttpJson.Response absent = app.http.post("/orders", """
                {"userId": 42, "items": [{"productId": "EBOOK-7", "quantity": 1, "unitPrice": 9.99}]}""");
        HttpJson.Response explicitNull = app.http.post("/orders", """
                {"userId": 42, "items": [{"productId": "EBOOK-7", "quantity": 1, "unitPrice": 9.99}],
                 "shippingAddress": null, "notes": "pickup"}""");

        for (HttpJson.Response response : List.of(absent, explicitNull)) {
            assertThat(response.status()).as(response.text()).isEqualTo(201);
            assertThat(response.json().has("shippingAddress")).as("shown as null, not left out").isTrue();
            assertThat(response.json().get("shippingAddress").isNull()).isTrue();
            String id = response.field("id");
            assertThat(app.count("SELECT count(*) FROM orders WHERE shipping_address IS NULL AND id = " + id))
                    .isEqualTo(1);
            assertThat(app.strings("SELECT coalesce(payload->>'shippingAddress', 'null') FROM order_events"
                    + " WHERE order_id = " + id)).containsExactly("null");
        }
        HttpJson.Response confirmed = app.http.put("/orders/" + absent.field("id") + "/status",
                "{\"status\": \"CONFIRMED\"}");
        assertThat(confirmed.status()).as("the stored order is read back: " + confirmed.text()).isEqualTo(200);
        assertThat(confirmed.json().get("shippingAddress").isNull()).isTrue();
    }

    @Test
    void a_given_shipping_address_must_still_be_text_that_is_not_blank() {
        String blank = """
                {"userId": 42, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": " "}""";
        String number = """
                {"userId": 42, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1}], "shippingAddress": 5}""";

        assertThat(app.http.post("/orders", blank).text()).contains("shippingAddress").contains("must not be blank");
        assertThat(app.http.post("/orders", number).status()).isEqualTo(400);
    }

    @Test
    void the_creation_event_reaches_the_topic_keyed_by_the_order_id() {
        long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
        UUID eventId = app.jdbi.withHandle(handle -> handle.createQuery(
                "SELECT event_id FROM order_events WHERE order_id = " + id).mapTo(UUID.class).one());
        EventCodec codec = new EventCodec();

        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(kafka.bootstrapServers(),
                Topics.ORDER_EVENTS, read -> read.stream().anyMatch(r -> carries(codec, r, eventId)),
                Duration.ofSeconds(20));

        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> carries(codec, r, eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("event " + eventId + " never reached " + Topics.ORDER_EVENTS));
        assertThat(record.key()).isEqualTo(Long.toString(id));
        OrderEventEnvelope event = codec.decodeOrderEvent(record.value());
        assertThat(event.orderId()).isEqualTo(id);
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.payload()).isInstanceOfSatisfying(OrderCreatedEvent.class, created -> {
            assertThat(created.userId()).isEqualTo(42);
            assertThat(created.totalAmount()).isEqualTo(new BigDecimal("44.98"));
            assertThat(created.items()).extracting(OrderCreatedEvent.Item::productId).containsExactly("SKU-1", "SKU-2");
        });
        assertThat(new String(record.headers().lastHeader("type").value())).isEqualTo("OrderCreated");
    }

    private static boolean carries(EventCodec codec, ConsumerRecord<String, byte[]> record, UUID eventId) {
        return codec.decodeOrderEvent(record.value()).eventId().equals(eventId);
    }
}
