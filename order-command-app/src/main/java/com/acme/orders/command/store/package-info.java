/** The write model (orders, order_items) and the event store (order_events), one repository each. */
package com.acme.orders.command.store;
