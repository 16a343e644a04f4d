package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on problem documents. */
final class Problems {

    private Problems() {
    }

    /** A problem document with {@code status}, without a stack trace. */
    static void assertProblem(HttpJson.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("at io.");
    }

    /** A 400 naming {@code field} with a reason containing {@code reason}. */
    static void assertInvalid(HttpJson.Response response, String field, String reason) {
        assertProblem(response, 400);
        assertThat(response.json().get("errors")).as(response.text())
                .anySatisfy(error -> {
                    assertThat(error.get("field").asText()).isEqualTo(field);
                    assertThat(error.get("reason").asText()).contains(reason);
                });
    }
}
