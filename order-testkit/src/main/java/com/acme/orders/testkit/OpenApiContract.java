package com.acme.orders.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The app's own OpenAPI document ({@code openapi.json} on the test class path, which is the module's main
 * resource) as a {@link ResponseContract}: every response to a documented operation must be listed for that
 * operation with its status, content type, headers and body schema. A request outside the document (an
 * unknown path, a method the path does not have) is not an operation, so what the server answers to it is not
 * checked here; the tests of those cases check it themselves.
 */
public final class OpenApiContract implements ResponseContract {

    private static final String DOCUMENT = "openapi.json";

    private final OpenApiInteractionValidator validator;

    public OpenApiContract() {
        this(resource(DOCUMENT));
    }

    /** A contract over the given document text (JSON or YAML). */
    public OpenApiContract(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // Not an operation of the document: nothing to check the answer against.
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    @Override
    public void check(String method, String target, int status, Map<String, List<String>> headers, String body) {
        Request.Method requestMethod;
        try {
            requestMethod = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return; // a method no document can describe
        }
        String path = path(target);
        if (path == null) {
            return;
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach((name, values) -> {
            // HTTP/2 pseudo headers and the status line are not headers of the document.
            if (!name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(path, requestMethod, response.build());
        if (report.hasErrors()) {
            StringBuilder message = new StringBuilder("the response to ").append(method).append(' ').append(target)
                    .append(" (").append(status).append(") does not match ").append(DOCUMENT).append(':');
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> message.append("\n  - ").append(m.getKey()).append(": ").append(m.getMessage()));
            message.append("\n  body: ").append(body == null ? "" : body.length() > 2_000 ? body.substring(0, 2_000) + "…" : body);
            throw new AssertionError(message.toString());
        }
    }

    /** The path of a request target, still percent-encoded as the server saw it; null when it has none. */
    private static String path(String target) {
        if (target == null || !target.startsWith("/")) {
            return null;
        }
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static String resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path; a module that declares "
                        + OpenApiContract.class.getSimpleName() + " must ship its OpenAPI document");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
