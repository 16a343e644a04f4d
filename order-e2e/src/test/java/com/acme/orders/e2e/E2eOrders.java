package com.acme.orders.e2e;

import com.acme.orders.testkit.HttpJson;

/** Bodies and headers of the commands the end-to-end tests send. */
final class E2eOrders {

    private E2eOrders() {
    }

    /** An order of one line of {@code quantity} × {@code unitPrice}, shipped to "1 Test Lane". */
    static String order(long userId, String unitPrice, int quantity) {
        return """
                {"userId": %d, "items": [{"productId": "SKU-E2E", "quantity": %d, "unitPrice": %s}],
                 "shippingAddress": "1 Test Lane"}""".formatted(userId, quantity, unitPrice);
    }

    /** The {@code Consistency-Token} of a command's response; fails with the response when there is none. */
    static String token(HttpJson.Response response) {
        return response.header("Consistency-Token").orElseThrow(() -> new AssertionError(response.text()));
    }
}
