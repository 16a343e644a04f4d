package com.acme.orders.platform.http;

import java.util.OptionalLong;

/**
 * What a command response hands the client so that a later query can wait for the read model to show this
 * write: the order and the version the command produced. On the wire ({@value #HEADER} header) it is
 * {@code <orderId>:<version>}; clients treat it as opaque.
 */
public record ConsistencyToken(long orderId, long version) {

    public static final String HEADER = "Consistency-Token";

    public ConsistencyToken {
        if (orderId <= 0 || version <= 0) {
            throw new IllegalArgumentException("orderId and version must be positive");
        }
    }

    public String format() {
        return orderId + ":" + version;
    }

    /**
     * Reads a token as sent back by a client.
     *
     * @throws BadRequest naming the header when it is not a token
     */
    public static ConsistencyToken parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length == 2) {
            OptionalLong orderId = PlainNumbers.positiveLong(parts[0]);
            OptionalLong version = PlainNumbers.positiveLong(parts[1]);
            if (orderId.isPresent() && version.isPresent()) {
                return new ConsistencyToken(orderId.getAsLong(), version.getAsLong());
            }
        }
        throw new BadRequest(HEADER, "must be a token from a command response, such as 42:3");
    }
}
