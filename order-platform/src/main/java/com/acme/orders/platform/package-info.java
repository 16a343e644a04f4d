/**
 * What the three deployables share and nothing more: configuration from the environment, PostgreSQL
 * bootstrap and migrations, problem documents and JSON bodies, ops routes and metrics, Kafka topic setup, and the skeleton of background workers.
 */
package com.acme.orders.platform;
