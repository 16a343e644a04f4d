package com.acme.orders.events.saga;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.EventDecodingException;
import com.acme.orders.events.Topics;
import com.acme.orders.events.UnknownEventType;
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

class SagaMessageCodecTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00.123456Z");
    private static final UUID COMMAND_ID = UUID.fromString("5f0c6a9e-0000-4000-8000-000000000001");
    private static final UUID REPLY_ID = UUID.fromString("5f0c6a9e-0000-4000-8000-000000000002");

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void every_command_and_reply_survives_a_round_trip() {
        List<SagaMessage> messages = List.of(
                new ReserveStock(COMMAND_ID, 42, AT, List.of(new ReserveStock.Line("p1", 2), new ReserveStock.Line("p2", 1))),
                new ReleaseStock(COMMAND_ID, 42, AT),
                new AuthorizePayment(COMMAND_ID, 42, AT, new BigDecimal("44.98"), "EUR"),
                new VoidPayment(COMMAND_ID, 42, AT),
                new RefundPayment(COMMAND_ID, 42, AT),
                new StockReserved(REPLY_ID, 42, AT, COMMAND_ID),
                new StockUnavailable(REPLY_ID, 42, AT, COMMAND_ID, List.of("p1", "p2")),
                new StockReleased(REPLY_ID, 42, AT, COMMAND_ID),
                new PaymentAuthorized(REPLY_ID, 42, AT, COMMAND_ID, "auth-7"),
                new PaymentDeclined(REPLY_ID, 42, AT, COMMAND_ID, "amount 20000.00 exceeds the limit 10000.00"),
                new PaymentVoided(REPLY_ID, 42, AT, COMMAND_ID),
                new PaymentRefunded(REPLY_ID, 42, AT, COMMAND_ID));

        for (SagaMessage message : messages) {
            assertThat(codec.decodeSagaMessage(codec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void a_command_has_the_envelope_fields_and_its_payload_nested() throws Exception {
        AuthorizePayment authorize = new AuthorizePayment(COMMAND_ID, 42, AT, new BigDecimal("40"), "EUR");

        String json = new String(codec.encode(authorize), StandardCharsets.UTF_8);
        JsonNode tree = plain.readTree(json);

        assertThat(tree.fieldNames()).toIterable()
                .containsExactly("messageId", "type", "schemaVersion", "orderId", "occurredAt", "payload");
        assertThat(tree.get("messageId").asText()).isEqualTo(COMMAND_ID.toString());
        assertThat(tree.get("type").asText()).isEqualTo("AuthorizePayment");
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.get("orderId").asLong()).isEqualTo(42);
        assertThat(tree.get("occurredAt").asText()).isEqualTo("2026-11-30T10:00:00.123456Z");
        assertThat(tree.get("payload").fieldNames()).toIterable().containsExactly("amount", "currency");
        assertThat(json).contains("\"amount\":40.00");
    }

    @Test
    void a_reply_carries_the_id_of_the_command_it_answers() throws Exception {
        StockUnavailable reply = new StockUnavailable(REPLY_ID, 42, AT, COMMAND_ID, List.of("p2"));

        JsonNode tree = plain.readTree(codec.encode(reply));

        assertThat(tree.fieldNames()).toIterable()
                .containsExactly("messageId", "type", "schemaVersion", "orderId", "occurredAt", "causationId", "payload");
        assertThat(tree.get("causationId").asText()).isEqualTo(COMMAND_ID.toString());
        assertThat(tree.get("payload").get("productIds").get(0).asText()).isEqualTo("p2");
    }

    @Test
    void a_command_without_payload_fields_has_an_empty_payload() throws Exception {
        JsonNode tree = plain.readTree(codec.encode(new ReleaseStock(COMMAND_ID, 42, AT)));

        assertThat(tree.get("payload").isObject()).isTrue();
        assertThat(tree.get("payload").size()).isZero();
    }

    @Test
    void each_message_names_its_topic_and_its_key_is_the_order_id() {
        assertThat(new ReserveStock(COMMAND_ID, 42, AT, List.of(new ReserveStock.Line("p1", 1))).topic())
                .isEqualTo(Topics.INVENTORY_COMMANDS).isEqualTo("inventory-commands");
        assertThat(new ReleaseStock(COMMAND_ID, 42, AT).topic()).isEqualTo("inventory-commands");
        assertThat(new AuthorizePayment(COMMAND_ID, 42, AT, BigDecimal.TEN, "EUR").topic()).isEqualTo("payment-commands");
        assertThat(new VoidPayment(COMMAND_ID, 42, AT).topic()).isEqualTo("payment-commands");
        assertThat(new RefundPayment(COMMAND_ID, 42, AT).topic()).isEqualTo("payment-commands");
        assertThat(new StockReserved(REPLY_ID, 42, AT, COMMAND_ID).topic()).isEqualTo("inventory-replies");
        assertThat(new StockReleased(REPLY_ID, 42, AT, COMMAND_ID).topic()).isEqualTo("inventory-replies");
        assertThat(new PaymentVoided(REPLY_ID, 42, AT, COMMAND_ID).topic()).isEqualTo("payment-replies");
        assertThat(new PaymentVoided(REPLY_ID, 42, AT, COMMAND_ID).key()).isEqualTo("42");
    }

    @Test
    void unknown_fields_are_tolerated() {
        String json = """
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000002", "type": "PaymentAuthorized", "schemaVersion": 1,
                 "orderId": 42, "occurredAt": "2026-11-30T10:00:00Z", "traceId": "abc",
                 "causationId": "5f0c6a9e-0000-4000-8000-000000000001",
                 "payload": {"authorizationId": "auth-1", "provider": "acme-pay"}}
                """;

        SagaMessage decoded = codec.decodeSagaMessage(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(new PaymentAuthorized(REPLY_ID, 42, Instant.parse("2026-11-30T10:00:00Z"),
                COMMAND_ID, "auth-1"));
    }

    @Test
    void an_unknown_type_is_reported_with_its_name() {
        String json = """
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "CapturePayment", "schemaVersion": 1,
                 "orderId": 42, "occurredAt": "2026-11-30T10:00:00Z", "payload": {}}
                """;

        assertThatThrownBy(() -> codec.decodeSagaMessage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownEventType.class)
                .hasMessageContaining("CapturePayment")
                .hasMessageContaining("ReserveStock");
    }

    @Test
    void an_order_event_is_not_a_saga_message() {
        String json = """
                {"eventId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "OrderDeleted", "schemaVersion": 1,
                 "orderId": 42, "version": 2, "occurredAt": "2026-11-30T10:00:00Z", "payload": {"previousStatus": "PENDING"}}
                """;

        assertThatThrownBy(() -> codec.decodeSagaMessage(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnknownEventType.class);
    }

    @Test
    void a_schema_version_newer_than_this_contract_is_refused() {
        assertThatThrownBy(() -> decode("ReleaseStock", 2, "{}"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("unsupported schemaVersion 2 of ReleaseStock");
        assertThatThrownBy(() -> decode("ReleaseStock", 0, "{}"))
                .hasMessageContaining("unsupported schemaVersion 0");
    }

    @Test
    void a_participant_refuses_a_reply_and_the_orchestrator_a_command() {
        byte[] reply = codec.encode(new StockReserved(REPLY_ID, 42, AT, COMMAND_ID));
        byte[] command = codec.encode(new ReleaseStock(COMMAND_ID, 42, AT));

        assertThat(codec.decodeSagaCommand(command)).isEqualTo(new ReleaseStock(COMMAND_ID, 42, AT));
        assertThat(codec.decodeSagaReply(reply)).isEqualTo(new StockReserved(REPLY_ID, 42, AT, COMMAND_ID));
        assertThatThrownBy(() -> codec.decodeSagaCommand(reply))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("where a command was expected");
        assertThatThrownBy(() -> codec.decodeSagaReply(command))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("where a reply was expected");
    }

    @Test
    void malformed_envelopes_say_why() {
        assertThatThrownBy(() -> codec.decodeSagaMessage("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> codec.decodeSagaMessage(new byte[0]))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("empty record");
        assertThatThrownBy(() -> codec.decodeSagaMessage("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "nope", "type": "ReleaseStock", "schemaVersion": 1, "orderId": 42,
                 "occurredAt": "2026-11-30T10:00:00Z", "payload": {}}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("messageId: not a UUID");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "ReleaseStock", "schemaVersion": 1,
                 "orderId": "42", "occurredAt": "2026-11-30T10:00:00Z", "payload": {}}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("orderId: must be an integer");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "ReleaseStock", "schemaVersion": 1,
                 "orderId": 0, "occurredAt": "2026-11-30T10:00:00Z", "payload": {}}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("orderId must be positive");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "ReleaseStock", "schemaVersion": 1,
                 "orderId": 42, "occurredAt": "yesterday", "payload": {}}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("occurredAt: not an ISO-8601 instant");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000001", "type": "ReleaseStock", "schemaVersion": 1,
                 "orderId": 42, "occurredAt": "2026-11-30T10:00:00Z"}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("payload: must be an object");
        assertThatThrownBy(() -> decodeRaw("""
                {"messageId": "5f0c6a9e-0000-4000-8000-000000000002", "type": "StockReleased", "schemaVersion": 1,
                 "orderId": 42, "occurredAt": "2026-11-30T10:00:00Z", "payload": {}}"""))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("causationId: missing");
    }

    @Test
    void invalid_payloads_say_which_field_and_why() {
        assertThatThrownBy(() -> decode("ReserveStock", 1, "{\"lines\": []}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("lines must not be empty");
        assertThatThrownBy(() -> decode("ReserveStock", 1, "{}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("lines");
        assertThatThrownBy(() -> decode("ReserveStock", 1, "{\"lines\": [{\"productId\": \"p1\", \"quantity\": 0}]}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("quantity must be positive");
        assertThatThrownBy(() -> decode("ReserveStock", 1, "{\"lines\": [{\"productId\": \"p1\", \"quantity\": 1.5}]}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> decode("ReserveStock", 1,
                "{\"lines\": [{\"productId\": \"p1\", \"quantity\": 1}, {\"productId\": \"p1\", \"quantity\": 2}]}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("product p1 twice");
        assertThatThrownBy(() -> decode("ReserveStock", 1, "{\"lines\": [{\"productId\": \" \", \"quantity\": 1}]}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("productId must not be blank");
        assertThatThrownBy(() -> decode("AuthorizePayment", 1, "{\"amount\": 10.001, \"currency\": \"EUR\"}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("amount must have at most 2 decimals");
        assertThatThrownBy(() -> decode("AuthorizePayment", 1, "{\"amount\": -1, \"currency\": \"EUR\"}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("amount must not be negative");
        assertThatThrownBy(() -> decode("AuthorizePayment", 1, "{\"amount\": \"10\", \"currency\": \"EUR\"}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> decode("AuthorizePayment", 1, "{\"amount\": 10, \"currency\": \"euro\"}"))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("currency must be three capital letters");
    }

    private SagaMessage decode(String type, int schemaVersion, String payload) {
        String causation = type.startsWith("Stock") || type.startsWith("Payment")
                ? "\"causationId\": \"" + COMMAND_ID + "\", " : "";
        return decodeRaw("{\"messageId\": \"" + REPLY_ID + "\", \"type\": \"" + type + "\", \"schemaVersion\": "
                + schemaVersion + ", \"orderId\": 42, \"occurredAt\": \"2026-11-30T10:00:00Z\", " + causation
                + "\"payload\": " + payload + "}");
    }

    private SagaMessage decodeRaw(String json) {
        return codec.decodeSagaMessage(json.getBytes(StandardCharsets.UTF_8));
    }
}
