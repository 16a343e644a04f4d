package com.acme.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The upcaster chain: each step turns a payload of one schema version into the next. Decoding an old event
 * runs every step from its version up to the current one, so a stored v1 payload still reads as today's
 * record. A step works on the JSON tree because the old shape has no Java type any more.
 */
final class Upcasters {

    private record Step(String type, int fromVersion) {
    }

    private final Map<Step, UnaryOperator<ObjectNode>> steps = Map.of(
            new Step(OrderCreatedEvent.TYPE, 1), Upcasters::orderCreatedV1ToV2);

    /** Upcasts {@code payload} of {@code type} from {@code fromVersion} to {@code toVersion}, step by step. */
    ObjectNode upcast(String type, int fromVersion, int toVersion, ObjectNode payload) {
        ObjectNode current = payload;
        for (int version = fromVersion; version < toVersion; version++) {
            UnaryOperator<ObjectNode> step = steps.get(new Step(type, version));
            if (step == null) {
                throw new EventDecodingException("no upcaster for " + type + " from schema version " + version);
            }
            current = step.apply(current);
        }
        return current;
    }

    /**
     * v1 named the product {@code sku} and had no {@code totalAmount}: consumers summed the lines themselves.
     * v2 renames the field to {@code productId} and carries the total.
     */
    private static ObjectNode orderCreatedV1ToV2(ObjectNode v1) {
        ObjectNode v2 = v1.deepCopy();
        BigDecimal total = BigDecimal.ZERO;
        JsonNode items = v2.get("items");
        if (items instanceof ArrayNode lines) {
            for (JsonNode line : lines) {
                if (!(line instanceof ObjectNode item)) {
                    throw new EventDecodingException("items: every line must be an object");
                }
                if (item.has("sku") && !item.has("productId")) {
                    item.set("productId", item.remove("sku"));
                }
                JsonNode quantity = item.get("quantity");
                JsonNode unitPrice = item.get("unitPrice");
                if (quantity == null || !quantity.isIntegralNumber() || unitPrice == null || !unitPrice.isNumber()) {
                    throw new EventDecodingException("items: quantity and unitPrice must be numbers to compute the v2 total");
                }
                total = total.add(unitPrice.decimalValue().multiply(BigDecimal.valueOf(quantity.longValue())));
            }
        }
        v2.put("totalAmount", total.setScale(2, RoundingMode.HALF_UP));
        return v2;
    }
}
