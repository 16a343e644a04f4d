/**
 * The place-order saga's orchestrator: starts a saga with each order, applies replies exactly once, fires durable
 * timeouts, compensates a customer's cancel, and shows each saga at {@code GET /orders/{id}/saga}.
 */
package com.acme.orders.command.saga;
