package com.acme.orders.events.saga;

/** What the order service asks a participant to do. Every command is answered by exactly one {@link SagaReply}. */
public sealed interface SagaCommand extends SagaMessage permits InventoryCommand, PaymentCommand {
}
