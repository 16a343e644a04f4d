/** Consuming order-events and user-events: the consumer thread, stored offsets, dead letters. */
package com.acme.orders.projector.consume;
