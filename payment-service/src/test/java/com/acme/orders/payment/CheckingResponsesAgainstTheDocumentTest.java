package com.acme.orders.payment;

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
    void an_order_without_payments_passes() {
        assertThatCode(() -> ResponseContract.ofThisModule().check("GET", "/payments?orderId=7", 200, JSON,
                "{\"orderId\":7,\"status\":null,\"operations\":[]}")).doesNotThrowAnyException();
    }

    @Test
    void an_unknown_payment_status_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/payments?orderId=7", 200, JSON,
                "{\"orderId\":7,\"status\":\"CAPTURED\",\"operations\":[]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("status");
    }

    @Test
    void a_status_the_operation_does_not_list_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/payments?orderId=7", 404, PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("404");
    }
}
