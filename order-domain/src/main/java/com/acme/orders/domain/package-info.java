/**
 * The write-side model: the {@link com.acme.orders.domain.Order} aggregate, its status machine, the three
 * commands and the domain errors. A command applied to an order yields a {@link com.acme.orders.domain.Change}:
 * the new state and the events that explain it. State is only ever changed by applying events, so replaying
 * the event store rebuilds exactly what live commands produced. The place-order saga's decisions live in
 * {@code saga}. No framework, no SQL, no logging here.
 */
package com.acme.orders.domain;
