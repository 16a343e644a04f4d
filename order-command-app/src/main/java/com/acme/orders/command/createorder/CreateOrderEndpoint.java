package com.acme.orders.command.createorder;

import com.acme.orders.command.web.CommandRequests;
import com.acme.orders.command.web.OrderResponses;
import com.acme.orders.domain.CreateOrderCommand;
import com.acme.orders.domain.InvalidCommand;
import com.acme.orders.domain.OrderLine;
import com.acme.orders.platform.http.JsonBodies;
import com.acme.orders.platform.http.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /orders}: 201 with the order, {@code Location}, {@code ETag} and {@code Consistency-Token}.
 * Body: {@code {"userId": 42, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99}],
 * "shippingAddress": "1 Main St", "notes": "leave at the door"}}; {@code shippingAddress} and {@code notes} may be
 * absent or null.
 */
public final class CreateOrderEndpoint implements Handler {

    private static final Set<String> FIELDS = Set.of("userId", "items", "shippingAddress", "notes");
    private static final Set<String> ITEM_FIELDS = Set.of("productId", "quantity", "unitPrice");
    private static final Map<String, String> HINTS = Map.of(
            "totalAmount", "is computed from the items and must not be sent",
            "status", "is PENDING for a new order and must not be sent",
            "id", "is assigned by the service and must not be sent");

    private final JsonBodies bodies;
    private final CreateOrder createOrder;
    private final Admission admission;

    /** @param admission when the new order may be placed (with sagas: once there is room among the sagas in flight) */
    public CreateOrderEndpoint(JsonBodies bodies, CreateOrder createOrder, Admission admission) {
        this.bodies = bodies;
        this.createOrder = createOrder;
        this.admission = admission;
    }

    @Override
    public void handle(Context ctx) {
        Optional<String> idempotencyKey = CommandRequests.idempotencyKey(ctx);
        CreateOrderCommand command = parse(bodies.readObject(ctx));
        CreateOrder.Result result;
        try (Admission.Admitted admitted = admission.admit()) {
            result = createOrder.handle(command, idempotencyKey);
        }

        ctx.header("Location", "/orders/" + result.order().id());
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        OrderResponses.send(ctx, 201, result.order());
    }

    /** The command a body describes, or a 400 that lists every invalid field. */
    static CreateOrderCommand parse(ObjectNode body) {
        JsonFields fields = JsonFields.of(body);
        fields.rejectUnknown(FIELDS, HINTS);
        Optional<Long> userId = fields.requiredLong("userId");
        Optional<String> shippingAddress = fields.optionalText("shippingAddress");
        Optional<String> notes = fields.optionalText("notes");
        List<OrderLine> lines = fields.requiredArray("items").map(items -> lines(fields, items)).orElse(List.of());
        fields.throwIfInvalid();
        return new CreateOrderCommand(userId.orElseThrow(), lines, shippingAddress.orElse(null), notes.orElse(null));
    }

    private static List<OrderLine> lines(JsonFields fields, ArrayNode items) {
        if (items.size() > CreateOrderCommand.MAX_ITEMS) {
            fields.reject("items", "must contain at most " + CreateOrderCommand.MAX_ITEMS + " items, had " + items.size());
            return List.of();
        }
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode element = items.get(i);
            String path = "items[" + i + "]";
            if (!(element instanceof ObjectNode item)) {
                fields.reject(path, "must be an object with productId, quantity and unitPrice");
                continue;
            }
            JsonFields line = fields.nested(item, path);
            line.rejectUnknown(ITEM_FIELDS, Map.of());
            Optional<String> productId = line.requiredText("productId");
            Optional<Integer> quantity = line.requiredInt("quantity");
            Optional<BigDecimal> unitPrice = line.requiredDecimal("unitPrice");
            if (productId.isPresent() && quantity.isPresent() && unitPrice.isPresent()) {
                try {
                    lines.add(new OrderLine(productId.get(), quantity.get(), unitPrice.get()));
                } catch (InvalidCommand e) {
                    line.reject(e.field(), e.reason());
                }
            }
        }
        return lines;
    }
}
