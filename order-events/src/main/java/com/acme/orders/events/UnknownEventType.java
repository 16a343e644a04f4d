package com.acme.orders.events;

import java.util.Set;

/** The record names a type this version of the contract does not know; it is reported, never dropped. */
public final class UnknownEventType extends EventDecodingException {

    private final String type;

    public UnknownEventType(String type, Set<String> known) {
        super("unknown event type '" + type + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
