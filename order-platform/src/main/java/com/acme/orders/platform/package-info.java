/**
 * What the three deployables share and nothing more: configuration from the environment, PostgreSQL
 * bootstrap and migrations, problem documents and JSON bodies, ops routes and metrics, Kafka topic setup.
 */
package com.acme.orders.platform;
