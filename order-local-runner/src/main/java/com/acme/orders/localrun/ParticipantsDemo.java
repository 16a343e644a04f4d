package com.acme.orders.localrun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The saga participants' part of {@code make demo}: stock for a scarce product before its orders are placed,
 * and at the end what the inventory and payment services hold (their admin APIs, as they answer; nothing here
 * decides an order's fate). With {@code ADMIN_API_TOKEN} set, it is sent as the bearer token.
 */
final class ParticipantsDemo {

    /** The product with too little stock: two units, so the third order of one unit is one too many. */
    static final String SCARCE_PRODUCT = "DEMO-SCARCE";
    static final int SCARCE_UNITS = 2;
    /** Orders of one unit each of {@link #SCARCE_PRODUCT}: one more than the stock. */
    static final int SCARCE_ORDERS = SCARCE_UNITS + 1;
    /** Above the payment service's default {@code PAYMENT_LIMIT} of 10000.00: the stand-in for a card decline. */
    static final String OVER_LIMIT_PRICE = "12000.00";

    private final HttpClient http;
    private final RunSettings settings;
    private final Optional<String> adminToken;

    ParticipantsDemo(HttpClient http, RunSettings settings, Optional<String> adminToken) {
        this.http = http;
        this.settings = settings;
        this.adminToken = adminToken.filter(token -> !token.isBlank());
    }

    /** Whether both services answer {@code /ready}; a system started before they existed has neither. */
    boolean running() {
        return Readiness.http(settings.inventoryUrl() + "/ready").isReady()
                && Readiness.http(settings.paymentUrl() + "/ready").isReady();
    }

    /** Sets {@link #SCARCE_PRODUCT}'s free units to {@link #SCARCE_UNITS}; answers the stock level as set. */
    String setScarceStock() throws IOException, InterruptedException {
        return call("PUT", settings.inventoryUrl() + "/stock/" + SCARCE_PRODUCT,
                "{\"available\": " + SCARCE_UNITS + "}");
    }

    /** The body of an order of one unit of the scarce product. */
    static String scarceOrder(int userId) {
        return """
                {"userId": %d, "items": [{"productId": "%s", "quantity": 1, "unitPrice": 9.99}],
                 "shippingAddress": "1 Demo Street", "notes": "demo order for scarce stock"}""".formatted(userId,
                SCARCE_PRODUCT);
    }

    /** The body of an order whose total is above the default payment limit. */
    static String overLimitOrder(int userId) {
        return """
                {"userId": %d, "items": [{"productId": "DEMO-LUXURY", "quantity": 1, "unitPrice": %s}],
                 "shippingAddress": "1 Demo Street", "notes": "demo order above the payment limit"}""".formatted(
                userId, OVER_LIMIT_PRICE);
    }

    /** One line per fact: the scarce product's stock, then each order's payment operations. */
    List<String> state(List<Long> orderIds) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        lines.add("GET " + settings.inventoryUrl() + "/stock/" + SCARCE_PRODUCT + " -> "
                + call("GET", settings.inventoryUrl() + "/stock/" + SCARCE_PRODUCT, null));
        for (long orderId : orderIds) {
            lines.add("GET " + settings.paymentUrl() + "/payments?orderId=" + orderId + " -> "
                    + call("GET", settings.paymentUrl() + "/payments?orderId=" + orderId, null));
        }
        return lines;
    }

    private String call(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        adminToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
