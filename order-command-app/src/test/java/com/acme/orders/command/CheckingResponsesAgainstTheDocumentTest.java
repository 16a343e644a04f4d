package com.acme.orders.command;

import com.acme.orders.testkit.OpenApiContract;
import com.acme.orders.testkit.ResponseContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every response a test here receives is checked against the app's own OpenAPI document, so the document
 * cannot drift from the code unnoticed: a response it does not describe fails the test that received it.
 */
class CheckingResponsesAgainstTheDocumentTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"),
            "ETag", List.of("\"2\""), "Consistency-Token", List.of("1:2"));
    private static final String ORDER = """
            {"id":1,"userId":42,"totalAmount":19.99,"status":"CONFIRMED","createdAt":"2026-11-25T10:15:30Z",
             "updatedAt":"2026-11-25T10:16:30Z","shippingAddress":null,"notes":null,"version":2,
             "items":[{"productId":"SKU-1","quantity":1,"unitPrice":19.99}],"deleted":false}""";

    @Test
    void every_test_in_this_module_is_checked_against_the_openapi_document() {
        assertThat(ResponseContract.ofThisModule()).isInstanceOf(OpenApiContract.class);
    }

    @Test
    void a_response_the_document_describes_passes_even_with_a_price_that_is_no_binary_multiple_of_a_cent() {
        assertThatCode(() -> ResponseContract.ofThisModule().check("PUT", "/orders/1/status", 200, JSON, ORDER))
                .doesNotThrowAnyException();
    }

    @Test
    void an_order_without_its_items_fails() {
        String withoutItems = ORDER.replace("\"items\":[{\"productId\":\"SKU-1\",\"quantity\":1,\"unitPrice\":19.99}],", "");

        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("PUT", "/orders/1/status", 200, JSON,
                withoutItems)).isInstanceOf(AssertionError.class).hasMessageContaining("items");
    }

    @Test
    void a_status_the_operation_does_not_list_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("DELETE", "/orders/1", 415,
                Map.of("Content-Type", List.of("application/problem+json")),
                "{\"type\":\"about:blank\",\"title\":\"Unsupported Media Type\",\"status\":415}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("415");
    }
}
