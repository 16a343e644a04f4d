/**
 * The published contract of the order service: event records, their envelope, the saga's commands and replies
 * ({@code saga}), topic names and the one JSON codec (with schema versions and upcasters) that every producer and
 * consumer uses.
 */
package com.acme.orders.events;
