-- idempotency_keys.response_body was never written: a retried POST answers from the order's creation event.
ALTER TABLE idempotency_keys DROP COLUMN response_body;

-- V1 describes order_events as also being the outbox (rows with published_at IS NULL). Since V3 the outbox is
-- its own table and order_events is append-only; applied migrations cannot be edited, so the schema says it.
COMMENT ON TABLE order_events IS 'append-only event store; what the relay still has to publish is in outbox';
COMMENT ON TABLE outbox IS 'positions of order_events not yet published to Kafka; deleted once published';
