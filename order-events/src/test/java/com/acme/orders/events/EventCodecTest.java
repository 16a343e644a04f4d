package com.acme.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void every_order_event_survives_a_round_trip() {
        List<OrderEventEnvelope> events = List.of(
                envelope(1, new OrderCreatedEvent(42, List.of(
                        new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("19.99")),
                        new OrderCreatedEvent.Item("SKU-2", 1, new BigDecimal("5.00"))),
                        new BigDecimal("44.98"), "1 Main St", "leave at the door")),
                envelope(1, new OrderCreatedEvent(43, List.of(new OrderCreatedEvent.Item("EBOOK-7", 1,
                        new BigDecimal("9.99"))), new BigDecimal("9.99"), null, null)),
                envelope(2, new OrderStatusUpdatedEvent("PENDING", "CONFIRMED")),
                envelope(3, new OrderDeletedEvent("CONFIRMED")));

        for (OrderEventEnvelope event : events) {
            assertThat(codec.decodeOrderEvent(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void the_wire_form_has_the_envelope_fields_and_money_with_two_decimals() throws Exception {
        OrderEventEnvelope created = envelope(1, new OrderCreatedEvent(7, List.of(
                new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("20.00"))),
                new BigDecimal("40.00"), "1 Main St", null));

        String json = new String(codec.encode(created), StandardCharsets.UTF_8);
        JsonNode tree = plain.readTree(json);

        assertThat(tree.fieldNames()).toIterable()
                .containsExactly("eventId", "type", "schemaVersion", "orderId", "version", "occurredAt", "payload");
        assertThat(tree.get("type").asText()).isEqualTo("OrderCreated");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(tree.get("occurredAt").asText()).isEqualTo("2026-11-25T10:00:00.123456Z");
        assertThat(json).contains("\"totalAmount\":40.00").contains("\"unitPrice\":20.00");
        assertThat(tree.get("payload").has("type")).as("type lives in the envelope only").isFalse();
    }

    @Test
    void a_stored_v1_order_created_payload_still_decodes_as_the_current_record() {
        String storedV1 = """
                {"userId": 42,
                 "items": [{"sku": "SKU-1", "quantity": 2, "unitPrice": 19.99},
                           {"sku": "SKU-9", "quantity": 3, "unitPrice": 0.5}],
                 "shippingAddress": "1 Main St", "notes": null}
                """;

        OrderEvent decoded = codec.decodePayload("OrderCreated", 1, storedV1);

        assertThat(decoded).isEqualTo(new OrderCreatedEvent(42, List.of(
                new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("19.99")),
                new OrderCreatedEvent.Item("SKU-9", 3, new BigDecimal("0.50"))),
                new BigDecimal("41.48"), "1 Main St", null));
    }

    @Test
    void a_v1_envelope_from_kafka_is_upcast_too() {
        String v1 = """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "OrderCreated", "schemaVersion": 1,
                 "orderId": 9, "version": 1, "occurredAt": "2026-11-25T10:00:00Z",
                 "payload": {"userId": 3, "items": [{"sku": "A", "quantity": 1, "unitPrice": 10}],
                             "shippingAddress": "x"}}
                """;

        OrderEventEnvelope event = codec.decodeOrderEvent(v1.getBytes(StandardCharsets.UTF_8));

        assertThat(event.payload()).isInstanceOfSatisfying(OrderCreatedEvent.class, created -> {
            assertThat(created.items()).extracting(OrderCreatedEvent.Item::productId).containsExactly("A");
            assertThat(created.totalAmount()).isEqualByComparingTo("10.00");
        });
        assertThat(event.schemaVersion()).as("decoded events are in the current version").isEqualTo(2);
    }

    @Test
    void unknown_fields_are_tolerated() {
        String json = """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000002", "type": "OrderStatusUpdated",
                 "schemaVersion": 1, "orderId": 9, "version": 2, "occurredAt": "2026-11-25T10:00:00Z",
                 "traceId": "abc", "payload": {"oldStatus": "PENDING", "newStatus": "CONFIRMED", "by": "ops"}}
                """;

        assertThat(codec.decodeOrderEvent(json.getBytes(StandardCharsets.UTF_8)).payload())
                .isEqualTo(new OrderStatusUpdatedEvent("PENDING", "CONFIRMED"));
    }

    @Test
    void an_unknown_type_is_reported_with_its_name() {
        String json = """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000003", "type": "OrderTeleported",
                 "schemaVersion": 1, "orderId": 9, "version": 2, "occurredAt": "2026-11-25T10:00:00Z",
                 "payload": {}}
                """;

        assertThatThrownBy(() -> codec.decodeOrderEvent(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownEventType.class)
                .hasMessageContaining("OrderTeleported")
                .hasMessageContaining("OrderCreated");
    }

    @Test
    void a_schema_version_newer_than_this_contract_is_refused() {
        assertThatThrownBy(() -> codec.decodePayload("OrderStatusUpdated", 2,
                "{\"oldStatus\":\"PENDING\",\"newStatus\":\"CONFIRMED\"}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("unsupported schemaVersion 2");
    }

    @Test
    void malformed_and_invalid_records_say_why() {
        assertThatThrownBy(() -> codec.decodeOrderEvent("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> codec.decodeOrderEvent(new byte[0]))
                .isInstanceOf(EventDecodingException.class).hasMessage("empty record");
        assertThatThrownBy(() -> codec.decodePayload("OrderCreated", 2, """
                {"userId": 1, "items": [{"productId": "A", "quantity": "2", "unitPrice": 1}],
                 "totalAmount": 2, "shippingAddress": "x"}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("items[0].quantity");
        assertThatThrownBy(() -> codec.decodePayload("OrderCreated", 2, """
                {"userId": 1, "items": [{"productId": "A", "quantity": 2.5, "unitPrice": 1}],
                 "totalAmount": 2, "shippingAddress": "x"}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("items[0].quantity");
        assertThatThrownBy(() -> codec.decodePayload("OrderCreated", 2, """
                {"userId": 1, "items": [], "totalAmount": 0, "shippingAddress": "x"}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("items must not be empty");
        assertThatThrownBy(() -> codec.decodePayload("OrderCreated", 2, """
                {"userId": 1, "items": [{"productId": "A", "quantity": 1, "unitPrice": 1.999}],
                 "totalAmount": 2, "shippingAddress": "x"}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("unitPrice must have at most 2 decimals");
        assertThatThrownBy(() -> codec.decodeOrderEvent("""
                {"eventId": "nope", "type": "OrderDeleted", "schemaVersion": 1, "orderId": 9, "version": 2,
                 "occurredAt": "2026-11-25T10:00:00Z", "payload": {"statusAtDeletion": "PENDING"}}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("eventId");
        assertThatThrownBy(() -> codec.decodeOrderEvent("""
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000004", "type": "OrderDeleted", "schemaVersion": 1,
                 "orderId": 9, "version": 0, "occurredAt": "2026-11-25T10:00:00Z",
                 "payload": {"statusAtDeletion": "PENDING"}}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("version must be positive");
    }

    @Test
    void user_events_use_the_flat_wire_form_of_the_user_service() throws Exception {
        UserRegistered registered = new UserRegistered(UUID.fromString("5f0c6a9e-0000-4000-8000-000000000005"),
                Instant.parse("2026-11-25T10:00:00Z"), 42, "alice", "alice@example.com");

        byte[] wire = codec.encode(registered);

        assertThat(plain.readTree(wire)).isEqualTo(plain.readTree("""
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000005", "type": "UserRegistered", "schemaVersion": 1,
                 "occurredAt": "2026-11-25T10:00:00Z", "userId": 42, "username": "alice",
                 "email": "alice@example.com"}"""));
        assertThat(codec.decodeUserEvent(wire)).isEqualTo(registered);
        UserUpdated updated = new UserUpdated(UUID.randomUUID(), AT, 42, "alice2", "a2@example.com");
        assertThat(codec.decodeUserEvent(codec.encode(updated))).isEqualTo(updated);
    }

    @Test
    void an_invalid_user_event_is_refused() {
        assertThatThrownBy(() -> codec.decodeUserEvent("""
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000006", "type": "UserDeleted", "schemaVersion": 1,
                 "occurredAt": "2026-11-25T10:00:00Z", "userId": 42}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownEventType.class);
        assertThatThrownBy(() -> codec.decodeUserEvent("""
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000006", "type": "UserUpdated", "schemaVersion": 1,
                 "occurredAt": "yesterday", "userId": 42, "username": "a", "email": "b"}"""
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("occurredAt");
        assertThatThrownBy(() -> codec.decodeUserEvent("""
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000006", "type": "UserUpdated", "schemaVersion": 1,
                 "occurredAt": "2026-11-25T10:00:00Z", "userId": 42, "email": "b"}"""
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("username");
    }

    private static OrderEventEnvelope envelope(long version, OrderEvent payload) {
        return new OrderEventEnvelope(UUID.randomUUID(), 1001, version, AT, payload);
    }
}
