/**
 * Test fixtures: a throw-away PostgreSQL database per test class ({@link com.acme.orders.testkit.TestDatabase}) on the
 * server of {@link com.acme.orders.testkit.TestServer} (an embedded one where none answers),
 * one real in-process Kafka broker per test JVM ({@link com.acme.orders.testkit.SharedKafka}), and helpers to
 * read what landed on a topic. Nothing here is mocked.
 */
package com.acme.orders.testkit;
