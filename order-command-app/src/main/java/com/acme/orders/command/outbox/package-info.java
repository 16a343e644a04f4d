/** The outbox relay: publishes stored events to Kafka exactly once, in order per order, one leader at a time. */
package com.acme.orders.command.outbox;
