package com.acme.orders.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** A row of {@code order_read_models} as a test wants it; each {@code with…} method changes one thing. */
record ReadModelOrder(long id, long userId, BigDecimal totalAmount, String status, Instant createdAt,
                      Instant updatedAt, String shippingAddress, String notes, String username, String email,
                      int itemsCount, boolean deleted, long version) {

    static final Instant BASE_TIME = Instant.parse("2026-11-25T10:00:00Z");

    /** A pending order of user 1 (alice) for 10.00, created {@code id} minutes after {@link #BASE_TIME}. */
    static ReadModelOrder order(long id) {
        Instant createdAt = BASE_TIME.plus(Duration.ofMinutes(id));
        return new ReadModelOrder(id, 1, new BigDecimal("10.00"), "PENDING", createdAt, createdAt, "1 Main St",
                "leave at the door", "alice", "alice@example.com", 1, false, 1);
    }

    ReadModelOrder by(long userId, String username) {
        return new ReadModelOrder(id, userId, totalAmount, status, createdAt, updatedAt, shippingAddress, notes,
                username, username == null ? null : username + "@example.com", itemsCount, deleted, version);
    }

    /** Placed by a user the user service has not told the projector about yet. */
    ReadModelOrder byUnknownUser(long userId) {
        return by(userId, null);
    }

    ReadModelOrder amount(String amount) {
        return new ReadModelOrder(id, userId, new BigDecimal(amount), status, createdAt, updatedAt, shippingAddress,
                notes, username, email, itemsCount, deleted, version);
    }

    ReadModelOrder created(String instant) {
        Instant at = Instant.parse(instant);
        return new ReadModelOrder(id, userId, totalAmount, status, at, at, shippingAddress, notes, username, email,
                itemsCount, deleted, version);
    }

    /** Moved on to {@code next} by a later event: one version more. */
    ReadModelOrder movedTo(String next) {
        return new ReadModelOrder(id, userId, totalAmount, next, createdAt, updatedAt.plusSeconds(60),
                shippingAddress, notes, username, email, itemsCount, deleted, version + 1);
    }

    /** Deleted by a later event: one version more. */
    ReadModelOrder deletedLater() {
        return new ReadModelOrder(id, userId, totalAmount, status, createdAt, updatedAt.plusSeconds(60),
                shippingAddress, notes, username, email, itemsCount, true, version + 1);
    }

    /** In {@code status} from the start, as if its events were applied already. */
    ReadModelOrder in(String status) {
        return new ReadModelOrder(id, userId, totalAmount, status, createdAt, updatedAt, shippingAddress, notes,
                username, email, itemsCount, deleted, version);
    }

    /** Placed without a shipping address or notes (digital goods, in-store pickup). */
    ReadModelOrder withoutAddressOrNotes() {
        return new ReadModelOrder(id, userId, totalAmount, status, createdAt, updatedAt, null, null, username, email,
                itemsCount, deleted, version);
    }

    ReadModelOrder items(int count) {
        return new ReadModelOrder(id, userId, totalAmount, status, createdAt, updatedAt, shippingAddress, notes,
                username, email, count, deleted, version);
    }
}
