package com.acme.orders.platform.http;

/**
 * What is wrong with one input field.
 *
 * @param field  where, as the client wrote it: {@code items[0].quantity}, {@code id}, {@code limit}
 * @param reason why, e.g. {@code must be positive, was -1}
 */
public record FieldError(String field, String reason) {
}
