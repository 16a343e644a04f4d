/**
 * Exactly-once effects over at-least-once Kafka, for services that consume messages and answer with messages
 * (the saga participants): an {@link com.acme.orders.platform.messaging.Inbox} of processed message ids, an
 * {@link com.acme.orders.platform.messaging.Outbox} of messages to send, both written in the transaction of the
 * effect; an {@link com.acme.orders.platform.messaging.InboxConsumer} thread that feeds records in, and an
 * {@link com.acme.orders.platform.messaging.OutboxRelay} thread that publishes the outbox; a
 * {@link com.acme.orders.platform.messaging.MessageRetention} thread that prunes the inbox and the rejected records
 * past their retention.
 *
 * <p>The tables they expect (each service creates them in its own migrations; {@code Inbox} and {@code Outbox} take
 * another table name where a database already has one of these):
 * <pre>
 * CREATE TABLE inbox  (message_id uuid PRIMARY KEY, type text NOT NULL, processed_at timestamptz NOT NULL);
 * CREATE TABLE outbox (position bigserial PRIMARY KEY, message_id uuid NOT NULL, topic text NOT NULL,
 *                      message_key text NOT NULL, type text NOT NULL, payload bytea NOT NULL,
 *                      created_at timestamptz NOT NULL);
 * CREATE TABLE rejected_messages (id bigserial PRIMARY KEY, topic text NOT NULL, kafka_partition int NOT NULL,
 *                      kafka_offset bigint NOT NULL, reason text NOT NULL, payload bytea, rejected_at timestamptz NOT NULL);
 * </pre>
 */
package com.acme.orders.platform.messaging;
