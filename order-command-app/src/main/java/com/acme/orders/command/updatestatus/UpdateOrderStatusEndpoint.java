package com.acme.orders.command.updatestatus;

import com.acme.orders.command.web.CommandRequests;
import com.acme.orders.command.web.OrderResponses;
import com.acme.orders.domain.Change;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.domain.UpdateOrderStatusCommand;
import com.acme.orders.platform.http.JsonBodies;
import com.acme.orders.platform.http.JsonFields;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code PUT /orders/{id}/status} with {@code {"status": "CONFIRMED"}} and an optional {@code If-Match}:
 * 200 with the order's new state, {@code ETag} and {@code Consistency-Token}.
 */
public final class UpdateOrderStatusEndpoint implements Handler {

    private final JsonBodies bodies;
    private final UpdateOrderStatus updateOrderStatus;

    public UpdateOrderStatusEndpoint(JsonBodies bodies, UpdateOrderStatus updateOrderStatus) {
        this.bodies = bodies;
        this.updateOrderStatus = updateOrderStatus;
    }

    @Override
    public void handle(Context ctx) {
        long orderId = CommandRequests.orderId(ctx);
        OptionalLong expectedVersion = CommandRequests.ifMatch(ctx);
        JsonFields fields = JsonFields.of(bodies.readObject(ctx));
        fields.rejectUnknown(Set.of("status"), Map.of());
        Optional<String> status = fields.requiredText("status");
        fields.throwIfInvalid();
        UpdateOrderStatusCommand command = new UpdateOrderStatusCommand(orderId,
                UpdateOrderStatusCommand.parseStatus("status", status.orElseThrow()), expectedVersion);

        Change change = updateOrderStatus.handle(command);

        OrderResponses.send(ctx, 200, change.order());
    }
}
