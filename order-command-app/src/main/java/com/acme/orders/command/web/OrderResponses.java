package com.acme.orders.command.web;

import com.acme.orders.domain.Order;
import com.acme.orders.platform.http.ConsistencyToken;
import io.javalin.http.Context;

/** Writes an order with the headers a client needs for the next step: ETag and Consistency-Token. */
public final class OrderResponses {

    private OrderResponses() {
    }

    public static void send(Context ctx, int status, Order order) {
        ctx.status(status)
                .header("ETag", etag(order.version()))
                .header(ConsistencyToken.HEADER, new ConsistencyToken(order.id(), order.version()).format())
                .json(OrderJson.of(order));
    }

    /** The entity tag of a version: the version in quotes, e.g. {@code "3"}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
