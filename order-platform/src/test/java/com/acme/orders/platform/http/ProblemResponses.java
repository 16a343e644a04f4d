package com.acme.orders.platform.http;

import com.acme.orders.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that a raw response is a problem document, and nothing like an HTML page or a stack trace. */
final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    static JsonNode assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.text()).hasValue(Problem.MEDIA_TYPE);
        assertThat(response.text()).doesNotContain("<html").doesNotContain("Exception").doesNotContain(".java:");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** A 400 whose first error names {@code field} with a reason containing {@code reason}. */
    static void assertInvalid(RawHttp.Response response, String field, String reason) {
        JsonNode problem = assertProblem(response, 400);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo(field);
        assertThat(problem.at("/errors/0/reason").asText()).contains(reason);
    }

    static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.text(), e);
        }
    }
}
