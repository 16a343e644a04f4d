package com.acme.orders.inventory.stock;

import com.acme.orders.platform.http.BadRequest;
import com.acme.orders.platform.http.JsonBodies;
import com.acme.orders.platform.http.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The admin API: {@code PUT /stock/{productId}} with {@code {"available": n}} sets the units free to reserve,
 * {@code GET /stock/{productId}} answers {@code {"productId", "available", "reserved"}}.
 */
public final class StockEndpoints {

    private static final Logger log = LoggerFactory.getLogger(StockEndpoints.class);
    /** As long as an order line's product id may be. */
    public static final int MAX_PRODUCT_ID_LENGTH = 64;
    public static final int MAX_AVAILABLE = 1_000_000_000;

    private final Jdbi jdbi;
    private final StockLevels stock;
    private final JsonBodies bodies;
    private final Clock clock;

    public StockEndpoints(Jdbi jdbi, StockLevels stock, JsonBodies bodies, Clock clock) {
        this.jdbi = jdbi;
        this.stock = stock;
        this.bodies = bodies;
        this.clock = clock;
    }

    public void put(Context ctx) {
        String productId = productId(ctx);
        ObjectNode body = bodies.readObject(ctx);
        JsonFields fields = JsonFields.of(body);
        fields.rejectUnknown(Set.of("available"), Map.of("reserved",
                "is not set by hand: it changes only through reservations and releases"));
        Integer available = fields.requiredInt("available").orElse(null);
        if (available != null && available < 0) {
            fields.reject("available", "must not be negative, was " + available);
        } else if (available != null && available > MAX_AVAILABLE) {
            fields.reject("available", "must be at most " + MAX_AVAILABLE + ", was " + available);
        }
        fields.throwIfInvalid();
        StockLevel level = jdbi.inTransaction(handle -> stock.set(handle, productId, available, clock.instant()));
        log.info("stock set productId={} available={} reserved={}", productId, level.available(), level.reserved());
        ctx.json(level);
    }

    public void get(Context ctx) {
        String productId = productId(ctx);
        ctx.json(jdbi.withHandle(handle -> stock.find(handle, productId)));
    }

    private static String productId(Context ctx) {
        String productId = ctx.pathParam("productId");
        if (productId.isBlank()) {
            throw new BadRequest("productId", "must not be blank");
        }
        if (productId.length() > MAX_PRODUCT_ID_LENGTH) {
            throw new BadRequest("productId", "must be at most " + MAX_PRODUCT_ID_LENGTH + " characters, was "
                    + productId.length());
        }
        if (productId.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest("productId", "must not contain control characters");
        }
        return productId;
    }
}
