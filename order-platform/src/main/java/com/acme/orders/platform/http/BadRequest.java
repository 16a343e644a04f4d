package com.acme.orders.platform.http;

import java.util.List;

/** Input that the HTTP layer refuses before any command is built: answered with a 400 listing the fields. */
public final class BadRequest extends RuntimeException {

    private final List<FieldError> errors;

    public BadRequest(List<FieldError> errors) {
        super(errors.toString(), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a bad request names at least one field");
        }
        this.errors = List.copyOf(errors);
    }

    public BadRequest(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
