/**
 * The one reader of an order's event history in the write database: the hot, month-partitioned
 * {@code order_events} and the compressed {@code order_events_archive}, seen as one history. Both apps read
 * through it (the command app's replay-verify and history, the projector's rebuild, gap repair and reconciler).
 */
package com.acme.orders.platform.eventstore;
