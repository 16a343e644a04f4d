package com.acme.orders.platform.messaging;

import java.util.Objects;
import java.util.UUID;

/**
 * A message to publish, as the outbox keeps it.
 *
 * @param messageId the message's own id (also sent as the {@code messageId} header)
 * @param topic     where it goes
 * @param key       the record key, e.g. the order id as decimal text
 * @param type      the message type, sent as the {@code type} header
 * @param value     the encoded message
 */
public record OutgoingMessage(UUID messageId, String topic, String key, String type, byte[] value) {

    public OutgoingMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
