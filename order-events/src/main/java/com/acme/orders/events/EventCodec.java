package com.acme.orders.events;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.PaymentRefunded;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.RefundPayment;
import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.events.saga.SagaMessage;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.events.saga.VoidPayment;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the contract. Encodes events in their current schema version; decodes any known
 * version (older ones through the {@link Upcasters} chain). Unknown fields are tolerated; an unknown type,
 * a newer schema version than this jar knows, malformed JSON and invalid values raise
 * {@link EventDecodingException} with the reason.
 *
 * <p>Order event wire form:
 * <pre>{"eventId": "…", "type": "OrderCreated", "schemaVersion": 2, "orderId": 42, "version": 1,
 *  "occurredAt": "2026-11-25T10:00:00Z", "payload": {…}}</pre>
 * Saga commands and replies ({@link com.acme.orders.events.saga}) have the same shape with {@code messageId}
 * instead of {@code eventId}, no {@code version}, and, on replies, a {@code causationId}.
 * Money is a JSON number with two decimals; instants are ISO-8601 text. Instances are thread-safe.
 */
public final class EventCodec {

    private static final Map<String, Class<? extends OrderEvent>> ORDER_TYPES = Map.of(
            OrderCreatedEvent.TYPE, OrderCreatedEvent.class,
            OrderStatusUpdatedEvent.TYPE, OrderStatusUpdatedEvent.class,
            OrderDeletedEvent.TYPE, OrderDeletedEvent.class,
            OrderCancelledEvent.TYPE, OrderCancelledEvent.class);
    private static final Map<String, Integer> ORDER_VERSIONS = Map.of(
            OrderCreatedEvent.TYPE, OrderCreatedEvent.SCHEMA_VERSION,
            OrderStatusUpdatedEvent.TYPE, OrderStatusUpdatedEvent.SCHEMA_VERSION,
            OrderDeletedEvent.TYPE, OrderDeletedEvent.SCHEMA_VERSION,
            OrderCancelledEvent.TYPE, OrderCancelledEvent.SCHEMA_VERSION);
    private static final Map<String, Class<? extends UserEvent>> USER_TYPES = Map.of(
            UserRegistered.TYPE, UserRegistered.class,
            UserUpdated.TYPE, UserUpdated.class);
    private static final List<SagaType> SAGA_MESSAGES = List.of(
            new SagaType(ReserveStock.TYPE, ReserveStock.SCHEMA_VERSION, ReserveStock.class),
            new SagaType(ReleaseStock.TYPE, ReleaseStock.SCHEMA_VERSION, ReleaseStock.class),
            new SagaType(AuthorizePayment.TYPE, AuthorizePayment.SCHEMA_VERSION, AuthorizePayment.class),
            new SagaType(VoidPayment.TYPE, VoidPayment.SCHEMA_VERSION, VoidPayment.class),
            new SagaType(RefundPayment.TYPE, RefundPayment.SCHEMA_VERSION, RefundPayment.class),
            new SagaType(StockReserved.TYPE, StockReserved.SCHEMA_VERSION, StockReserved.class),
            new SagaType(StockUnavailable.TYPE, StockUnavailable.SCHEMA_VERSION, StockUnavailable.class),
            new SagaType(StockReleased.TYPE, StockReleased.SCHEMA_VERSION, StockReleased.class),
            new SagaType(PaymentAuthorized.TYPE, PaymentAuthorized.SCHEMA_VERSION, PaymentAuthorized.class),
            new SagaType(PaymentDeclined.TYPE, PaymentDeclined.SCHEMA_VERSION, PaymentDeclined.class),
            new SagaType(PaymentVoided.TYPE, PaymentVoided.SCHEMA_VERSION, PaymentVoided.class),
            new SagaType(PaymentRefunded.TYPE, PaymentRefunded.SCHEMA_VERSION, PaymentRefunded.class));
    private static final Map<String, SagaType> SAGA_TYPES = SAGA_MESSAGES.stream()
            .collect(Collectors.toUnmodifiableMap(SagaType::name, type -> type));

    private final ObjectMapper mapper = newMapper();
    private final Upcasters upcasters = new Upcasters();

    // ---- order events -------------------------------------------------------------------------------

    /** The Kafka value of an order event, in the payload's current schema version. */
    public byte[] encode(OrderEventEnvelope event) {
        return encodeEnvelope(event.eventId(), event.type(), event.schemaVersion(), event.orderId(),
                event.version(), event.occurredAt(), encodePayload(event.payload()));
    }

    /**
     * The Kafka value of a stored event whose payload is already JSON (as kept in the event store), without
     * decoding and re-encoding it: the stored schema version travels unchanged.
     */
    public byte[] encodeEnvelope(UUID eventId, String type, int schemaVersion, long orderId, long version,
                                 Instant occurredAt, String payloadJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + payloadJson.length());
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("eventId", eventId.toString());
            json.writeStringField("type", type);
            json.writeNumberField("schemaVersion", schemaVersion);
            json.writeNumberField("orderId", orderId);
            json.writeNumberField("version", version);
            json.writeStringField("occurredAt", occurredAt.toString());
            json.writeFieldName("payload");
            json.writeRawValue(payloadJson);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes an order event from its Kafka value, upcasting an older payload to the current record. */
    public OrderEventEnvelope decodeOrderEvent(byte[] json) {
        ObjectNode root = readObject(json);
        String type = requiredText(root, "type");
        int schemaVersion = requiredInt(root, "schemaVersion");
        JsonNode payload = root.get("payload");
        if (!(payload instanceof ObjectNode payloadObject)) {
            throw new EventDecodingException("payload: must be an object");
        }
        OrderEvent event = decodePayload(type, schemaVersion, payloadObject);
        try {
            return new OrderEventEnvelope(
                    parseUuid(requiredText(root, "eventId"), "eventId"),
                    requiredLong(root, "orderId"),
                    requiredLong(root, "version"),
                    parseInstant(requiredText(root, "occurredAt")),
                    event);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EventDecodingException(e.getMessage(), e);
        }
    }

    /** The payload alone, as the event store keeps it. */
    public String encodePayload(OrderEvent payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + payload.type(), e);
        }
    }

    /** Decodes a stored payload of the given type and schema version, upcasting it when it is older. */
    public OrderEvent decodePayload(String type, int schemaVersion, String payloadJson) {
        JsonNode payload = readTree(payloadJson.getBytes(StandardCharsets.UTF_8));
        if (!(payload instanceof ObjectNode payloadObject)) {
            throw new EventDecodingException("payload: must be an object");
        }
        return decodePayload(type, schemaVersion, payloadObject);
    }

    private OrderEvent decodePayload(String type, int schemaVersion, ObjectNode payload) {
        Class<? extends OrderEvent> target = ORDER_TYPES.get(type);
        if (target == null) {
            throw new UnknownEventType(type, ORDER_TYPES.keySet());
        }
        int current = ORDER_VERSIONS.get(type);
        if (schemaVersion < 1 || schemaVersion > current) {
            throw new EventDecodingException("unsupported schemaVersion " + schemaVersion + " of " + type
                    + " (this contract reads 1.." + current + ")");
        }
        ObjectNode upcast = upcasters.upcast(type, schemaVersion, current, payload);
        return bind(upcast, target);
    }

    // ---- user events --------------------------------------------------------------------------------

    /** The Kafka value of a user event (flat form). */
    public byte[] encode(UserEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("eventId", event.eventId().toString());
        root.put("type", event.type());
        root.put("schemaVersion", event.schemaVersion());
        root.put("occurredAt", event.occurredAt().toString());
        root.put("userId", event.userId());
        root.put("username", event.username());
        root.put("email", event.email());
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /** Decodes a user event from its Kafka value. */
    public UserEvent decodeUserEvent(byte[] json) {
        ObjectNode root = readObject(json);
        String type = requiredText(root, "type");
        Class<? extends UserEvent> target = USER_TYPES.get(type);
        if (target == null) {
            throw new UnknownEventType(type, USER_TYPES.keySet());
        }
        int schemaVersion = requiredInt(root, "schemaVersion");
        if (schemaVersion != 1) {
            throw new EventDecodingException("unsupported schemaVersion " + schemaVersion + " of " + type
                    + " (this contract reads 1..1)");
        }
        return bind(root, target);
    }

    // ---- saga commands and replies ------------------------------------------------------------------

    /** The Kafka value of a saga command or reply, in its current schema version. */
    public byte[] encode(SagaMessage message) {
        ObjectNode fields = mapper.valueToTree(message);
        ObjectNode root = mapper.createObjectNode();
        root.set("messageId", fields.remove("messageId"));
        root.put("type", message.type());
        root.put("schemaVersion", message.schemaVersion());
        root.set("orderId", fields.remove("orderId"));
        root.set("occurredAt", fields.remove("occurredAt"));
        if (message instanceof SagaReply) {
            root.set("causationId", fields.remove("causationId"));
        }
        root.set("payload", fields);
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type(), e);
        }
    }

    /** Decodes a saga command or reply from its Kafka value, upcasting an older payload to the current record. */
    public SagaMessage decodeSagaMessage(byte[] json) {
        ObjectNode root = readObject(json);
        String typeName = requiredText(root, "type");
        SagaType type = SAGA_TYPES.get(typeName);
        if (type == null) {
            throw new UnknownEventType(typeName, SAGA_TYPES.keySet());
        }
        int schemaVersion = requiredInt(root, "schemaVersion");
        if (schemaVersion < 1 || schemaVersion > type.currentVersion()) {
            throw new EventDecodingException("unsupported schemaVersion " + schemaVersion + " of " + typeName
                    + " (this contract reads 1.." + type.currentVersion() + ")");
        }
        if (!(root.get("payload") instanceof ObjectNode payload)) {
            throw new EventDecodingException("payload: must be an object");
        }
        // The record is flat: the envelope's fields join the payload's (the envelope wins a clash).
        ObjectNode fields = upcasters.upcast(typeName, schemaVersion, type.currentVersion(), payload).deepCopy();
        fields.put("messageId", parseUuid(requiredText(root, "messageId"), "messageId").toString());
        fields.put("orderId", requiredLong(root, "orderId"));
        fields.put("occurredAt", parseInstant(requiredText(root, "occurredAt")).toString());
        if (SagaReply.class.isAssignableFrom(type.record())) {
            fields.put("causationId", parseUuid(requiredText(root, "causationId"), "causationId").toString());
        }
        return bind(fields, type.record());
    }

    /** Decodes a saga command (what a participant consumes); a reply or an order event is refused. */
    public SagaCommand decodeSagaCommand(byte[] json) {
        if (decodeSagaMessage(json) instanceof SagaCommand command) {
            return command;
        }
        throw new EventDecodingException("a saga reply where a command was expected");
    }

    /** Decodes a saga reply (what the orchestrator consumes); a command or an order event is refused. */
    public SagaReply decodeSagaReply(byte[] json) {
        if (decodeSagaMessage(json) instanceof SagaReply reply) {
            return reply;
        }
        throw new EventDecodingException("a saga command where a reply was expected");
    }

    private record SagaType(String name, int currentVersion, Class<? extends SagaMessage> record) {
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private <T> T bind(ObjectNode node, Class<T> target) {
        try {
            return mapper.treeToValue(node, target);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventDecodingException(cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new EventDecodingException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode readObject(byte[] json) {
        if (readTree(json) instanceof ObjectNode object) {
            return object;
        }
        throw new EventDecodingException("an event must be a JSON object");
    }

    private JsonNode readTree(byte[] json) {
        if (json == null || json.length == 0) {
            throw new EventDecodingException("empty record");
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requiredText(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new EventDecodingException(field + ": missing");
        }
        if (!node.isTextual()) {
            throw new EventDecodingException(field + ": must be a string");
        }
        return node.textValue();
    }

    private static long requiredLong(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new EventDecodingException(field + ": missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new EventDecodingException(field + ": must be an integer");
        }
        return node.longValue();
    }

    private static int requiredInt(ObjectNode root, String field) {
        long value = requiredLong(root, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new EventDecodingException(field + ": out of range");
        }
        return (int) value;
    }

    private static UUID parseUuid(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new EventDecodingException(field + ": not a UUID", e);
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new EventDecodingException("occurredAt: not an ISO-8601 instant", e);
        }
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
        String message = e.getOriginalMessage();
        return path.isEmpty() ? message : path + ": " + message;
    }

    private static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("instants")
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addDeserializer(Instant.class, new InstantDeserializer());
        return JsonMapper.builder()
                .addModule(instants)
                // Money must never pass through double.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // Strict types: "2.5" is not a quantity and 2.5 is not 2.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Producers may add fields before consumers know them.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** ISO-8601 text to {@link Instant}; anything else is a mapping error with the field's path. */
    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            try {
                return Instant.parse(parser.getText());
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(),
                        "not an ISO-8601 instant");
            }
        }
    }
}
