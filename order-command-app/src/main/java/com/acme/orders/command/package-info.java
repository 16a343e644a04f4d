/**
 * The command side: HTTP commands become one PostgreSQL transaction each (write model plus event store),
 * and the outbox relay publishes the stored events to Kafka. One package per use case.
 */
package com.acme.orders.command;
