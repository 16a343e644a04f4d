/**
 * What the deployables share and nothing more: configuration from the environment, PostgreSQL
 * bootstrap and migrations, problem documents and JSON bodies, ops routes and metrics, Kafka topic setup, the
 * skeleton of background workers, and ({@code messaging}) the inbox, outbox, relay and consumer of services that
 * answer messages with messages.
 */
package com.acme.orders.platform;
