/**
 * The projector: a Kafka consumer that keeps the read model current, exactly once per event, a rebuild of the
 * whole read model from the event store, and a reconciler that finds and repairs rows that drifted.
 */
package com.acme.orders.projector;
