/**
 * Where every command's transaction runs ({@link com.acme.orders.command.store.Transactions}, group commit
 * underneath) and the one writer of each table: {@code Orders} for orders and order_items, {@code EventStore}
 * for order_events and the outbox.
 */
package com.acme.orders.command.store;
