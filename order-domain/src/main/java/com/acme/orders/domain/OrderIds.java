package com.acme.orders.domain;

/** Order ids are positive 64-bit integers. */
final class OrderIds {

    private OrderIds() {
    }

    static void check(long orderId) {
        if (orderId <= 0) {
            throw new InvalidCommand("id", "must be a positive integer, was " + orderId);
        }
    }
}
