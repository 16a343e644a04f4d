package com.acme.orders.command.deleteorder;

import com.acme.orders.command.web.CommandRequests;
import com.acme.orders.command.web.OrderResponses;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.DeleteOrderCommand;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code DELETE /orders/{id}} with an optional {@code If-Match}: 200 with the deleted order's final state
 * ({@code "deleted": true}), {@code ETag} and {@code Consistency-Token}.
 */
public final class DeleteOrderEndpoint implements Handler {

    private final DeleteOrder deleteOrder;

    public DeleteOrderEndpoint(DeleteOrder deleteOrder) {
        this.deleteOrder = deleteOrder;
    }

    @Override
    public void handle(Context ctx) {
        DeleteOrderCommand command = new DeleteOrderCommand(CommandRequests.orderId(ctx), CommandRequests.ifMatch(ctx));

        Change change = deleteOrder.handle(command);

        OrderResponses.send(ctx, 200, change.order());
    }
}
