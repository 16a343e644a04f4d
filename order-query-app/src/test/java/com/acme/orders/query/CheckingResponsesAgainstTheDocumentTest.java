package com.acme.orders.query;

import com.acme.orders.testkit.OpenApiContract;
import com.acme.orders.testkit.ResponseContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every response a test here receives is checked against the app's own OpenAPI document, so the document
 * cannot drift from the code unnoticed: a response it does not describe fails the test that received it.
 */
class CheckingResponsesAgainstTheDocumentTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> ORDER_HEADERS = Map.of("Content-Type", List.of("application/json"),
            "ETag", List.of("\"2\""), "Read-Model-Version", List.of("2"),
            "Read-Model-Position", List.of("2026-11-25T10:16:30Z"), "Read-Model-Lag-Ms", List.of("12"));
    private static final String ORDER = """
            {"id":1,"userId":7,"totalAmount":39.90,"status":"CONFIRMED","createdAt":"2026-11-25T10:15:30Z",
             "updatedAt":"2026-11-25T10:16:30Z","shippingAddress":null,"notes":null,"userUsername":null,
             "userEmail":null,"itemsCount":2,"version":2,"cancellationReason":null}""";

    @Test
    void every_test_in_this_module_is_checked_against_the_openapi_document() {
        assertThat(ResponseContract.ofThisModule()).isInstanceOf(OpenApiContract.class);
    }

    @Test
    void a_response_the_document_describes_passes() {
        ResponseContract contract = ResponseContract.ofThisModule();

        assertThatCode(() -> contract.check("GET", "/orders/1", 200, ORDER_HEADERS, ORDER)).doesNotThrowAnyException();
    }

    @Test
    void an_order_without_its_version_fails() {
        String withoutVersion = ORDER.replace(",\"version\":2", "");

        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/orders/1", 200, ORDER_HEADERS,
                withoutVersion))
                .isInstanceOf(AssertionError.class).hasMessageContaining("version");
    }

    @Test
    void an_order_without_its_freshness_headers_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/orders/1", 200, JSON, ORDER))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Read-Model-Position");
    }

    @Test
    void a_status_the_operation_does_not_list_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/orders", 418,
                Map.of("Content-Type", List.of("application/problem+json")),
                "{\"type\":\"about:blank\",\"title\":\"I'm a teapot\",\"status\":418}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
    }

    @Test
    void a_json_body_where_a_problem_document_is_due_fails() {
        assertThatThrownBy(() -> ResponseContract.ofThisModule().check("GET", "/orders/abc", 400, JSON, "{}"))
                .isInstanceOf(AssertionError.class);
    }
}
