/**
 * The place-order saga's decisions, pure: given the saga's state and what just happened (the order was placed, a
 * participant replied, a step timed out, the customer cancelled), {@link com.acme.orders.domain.saga.PlaceOrderSaga}
 * answers with the new state, the commands to send and what becomes of the order. Storing the state, sending the
 * commands through the outbox, keeping deadlines and deduplicating replies is the caller's job.
 */
package com.acme.orders.domain.saga;
