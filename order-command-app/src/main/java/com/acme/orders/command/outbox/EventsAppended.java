package com.acme.orders.command.outbox;

/** Told after a transaction that appended events commits, so the relay publishes without waiting to poll. */
@FunctionalInterface
public interface EventsAppended {

    void eventsAppended();
}
