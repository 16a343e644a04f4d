package com.acme.orders.events;

/**
 * A record could not be turned into an event: malformed JSON, a missing or invalid field, an unknown type or
 * an unsupported schema version. The message is the reason, fit for a dead-letter header.
 */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String reason) {
        super(reason);
    }

    public EventDecodingException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
