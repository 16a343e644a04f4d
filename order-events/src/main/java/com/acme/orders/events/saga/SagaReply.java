package com.acme.orders.events.saga;

import java.util.UUID;

/** A participant's answer to a {@link SagaCommand}. */
public sealed interface SagaReply extends SagaMessage permits InventoryReply, PaymentReply {

    /** The {@link SagaCommand#messageId()} of the command this answers. */
    UUID causationId();
}
