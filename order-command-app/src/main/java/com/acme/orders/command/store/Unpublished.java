package com.acme.orders.command.store;

/** A row of the outbox the relay has yet to publish: an order event or a saga command. */
public sealed interface Unpublished permits StoredEvent, StoredCommand {

    /** Its place in the outbox; events and commands share one sequence, in commit order. */
    long position();
}
