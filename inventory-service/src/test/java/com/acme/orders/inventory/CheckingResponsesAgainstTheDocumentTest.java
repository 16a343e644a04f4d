package com.acme.orders.inventory;

import com.acme.orders.testkit.OpenApiContract;
import com.acme.orders.testkit.ResponseContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every response a test here receives is checked against the service's own OpenAPI document, so the document
 * cannot drift from the code unnoticed: a response it does not describe fails the test that received it.
 */
class CheckingResponsesAgainstTheDocumentTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> PROBLEM = Map.of("Content-Type",
            List.of("application/problem+json"));

    @Test
    void every_test_in_this_module_is_checked_against_the_openapi_document() {
        assertThat(ResponseContract.ofThisModule()).isInstanceOf(OpenApiContract.class);
    }

    @Test
    void a_stock_level_the_document_describes_passes() {
        assertThatCode(() -> ResponseContract.ofThisModule().check("GET", "/stock/sku-1", 200, JSON,
                "{\"productId\":\"sku-1\",\"available\":8,\"reserved\":2}")).doesNotThrowAnyException();
    }

    @Test
    void a_stock_level_without_its_reserved_units_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/stock/sku-1", 200, JSON,
                "{\"productId\":\"sku-1\",\"available\":8}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("reserved");
    }

    @Test
    void a_status_the_operation_does_not_list_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/stock/sku-1", 415, PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Unsupported Media Type\",\"status\":415}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("415");
    }
}
