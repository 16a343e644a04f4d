package com.acme.orders.query;

import com.acme.orders.platform.http.Json;
import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A response body read with the API's own mapper, which keeps decimals exact: {@code 5.00} stays
 * {@code 5.00} (the test client's default mapper would read it as the double 5.0).
 */
final class ExactJson {

    private static final ObjectMapper MAPPER = Json.newMapper();

    private ExactJson() {
    }

    static JsonNode of(HttpJson.Response response) {
        try {
            return MAPPER.readTree(response.text());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.text(), e);
        }
    }

    /** The decimal at {@code pointer} exactly as sent, e.g. {@code 39.90}. */
    static String decimal(HttpJson.Response response, String pointer) {
        JsonNode node = of(response).at(pointer);
        if (!node.isNumber()) {
            throw new AssertionError(pointer + " is not a number in " + response.text());
        }
        return node.decimalValue().toPlainString();
    }
}
