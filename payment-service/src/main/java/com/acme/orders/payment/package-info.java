/**
 * The payment service, a reference participant of the place-order saga: authorises, voids and refunds order
 * payments from {@code payment-commands} exactly once, replies on {@code payment-replies}, declines an
 * authorisation above {@code PAYMENT_LIMIT} (the stand-in for a card decline), and lists an order's operations.
 */
package com.acme.orders.payment;
