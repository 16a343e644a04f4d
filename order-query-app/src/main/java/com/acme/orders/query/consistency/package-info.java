/**
 * Read-your-writes: a request carrying a {@code Consistency-Token} waits, bounded, until the read model shows
 * that order version, woken by the projector's NOTIFY on one dedicated LISTEN connection rather than by polling.
 */
package com.acme.orders.query.consistency;
