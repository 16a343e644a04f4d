package com.acme.orders.domain;

/** A command field has a value the domain does not accept. */
public final class InvalidCommand extends DomainError {

    private final String field;
    private final String reason;

    public InvalidCommand(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field, as the client named it ({@code quantity}, {@code status}, …). */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same error with the field placed under {@code prefix}, e.g. {@code items[2].quantity}. */
    public InvalidCommand under(String prefix) {
        return new InvalidCommand(prefix + "." + field, reason);
    }
}
