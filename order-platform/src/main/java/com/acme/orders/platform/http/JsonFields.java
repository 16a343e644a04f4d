package com.acme.orders.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Typed reads of the fields of one JSON object that collect every problem instead of stopping at the
 * first, so a client learns all that is wrong with a request at once. Field names in errors carry the
 * path prefix, e.g. {@code items[2].quantity}.
 */
public final class JsonFields {

    private final ObjectNode object;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonFields(ObjectNode object, String prefix, List<FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    public static JsonFields of(ObjectNode object) {
        return new JsonFields(object, "", new ArrayList<>());
    }

    /** The fields of a nested object, reporting into the same error list. */
    public JsonFields nested(ObjectNode child, String path) {
        return new JsonFields(child, path(path), errors);
    }

    /** Adds an error for a field of this object. */
    public void reject(String field, String reason) {
        errors.add(new FieldError(path(field), reason));
    }

    /** Throws {@link BadRequest} listing every error collected so far, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new BadRequest(errors);
        }
    }

    /**
     * Rejects every field not in {@code known}: a misspelt field would otherwise be silently ignored.
     *
     * @param hints a specific reason for some unknown fields, e.g. why {@code totalAmount} must not be sent
     */
    public void rejectUnknown(Set<String> known, Map<String, String> hints) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                reject(name, hints.getOrDefault(name, "is not a known field (expected "
                        + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        });
    }

    public Optional<Long> requiredLong(String field) {
        return requiredIntegral(field, JsonNode::canConvertToLong, JsonNode::longValue);
    }

    public Optional<Integer> requiredInt(String field) {
        return requiredIntegral(field, JsonNode::canConvertToInt, JsonNode::intValue);
    }

    private <T> Optional<T> requiredIntegral(String field, Predicate<JsonNode> fits, Function<JsonNode, T> value) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            reject(field, "must be an integer, was " + describe(node));
            return Optional.empty();
        }
        if (!fits.test(node)) {
            reject(field, "is out of range");
            return Optional.empty();
        }
        return Optional.of(value.apply(node));
    }

    public Optional<BigDecimal> requiredDecimal(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            reject(field, "must be a number, was " + describe(node));
            return Optional.empty();
        }
        BigDecimal value = node.decimalValue();
        if (value.precision() - value.scale() > 30 || value.scale() > 30) {
            reject(field, "is out of range");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<String> requiredText(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        return text(field, node);
    }

    /** Present and text, or absent/null (empty), or an error for any other type. */
    public Optional<String> optionalText(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return text(field, node);
    }

    public Optional<ArrayNode> requiredArray(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof ArrayNode array)) {
            reject(field, "must be an array, was " + describe(node));
            return Optional.empty();
        }
        return Optional.of(array);
    }

    private Optional<String> text(String field, JsonNode node) {
        if (!node.isTextual()) {
            reject(field, "must be a string, was " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private JsonNode present(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            reject(field, "is required");
            return null;
        }
        return node;
    }

    private String path(String field) {
        return prefix.isEmpty() ? field : field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
