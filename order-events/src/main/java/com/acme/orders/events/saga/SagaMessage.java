package com.acme.orders.events.saga;

import com.acme.orders.events.Topics;

import java.time.Instant;
import java.util.UUID;

/**
 * A message of the order saga: a {@link SagaCommand} from the order service to a participant, or a
 * {@link SagaReply} back. See the package documentation for the guarantees each side gives.
 */
public sealed interface SagaMessage permits SagaCommand, SagaReply {

    /** Unique id of this message, stable across redeliveries: the receiver's dedup key. */
    UUID messageId();

    /** The order this message is about; also the record key (as decimal text). */
    long orderId();

    /** When the sender decided to send it. */
    Instant occurredAt();

    /** The wire name, e.g. {@code ReserveStock}. */
    String type();

    /** The schema version this record represents (the current one). */
    int schemaVersion();

    /** The topic this message travels on. */
    default String topic() {
        if (this instanceof InventoryCommand) {
            return Topics.INVENTORY_COMMANDS;
        }
        if (this instanceof PaymentCommand) {
            return Topics.PAYMENT_COMMANDS;
        }
        if (this instanceof InventoryReply) {
            return Topics.INVENTORY_REPLIES;
        }
        return Topics.PAYMENT_REPLIES;
    }

    /** The record key: the order id as decimal text. */
    default String key() {
        return Long.toString(orderId());
    }
}
