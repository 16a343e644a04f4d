-- The event store becomes append-only: what the relay still has to publish is a row in this narrow table
-- (written by the same statement as the event, deleted once the event reached Kafka) instead of an UPDATE of
-- order_events.published_at. That UPDATE could not be HOT (an indexed predicate column changed), so every
-- published event cost a new tuple and an entry in each of the event store's four indexes.
CREATE TABLE outbox (
    position BIGINT PRIMARY KEY -- order_events.position; written in the same statement as the event
);

INSERT INTO outbox (position) SELECT position FROM order_events WHERE published_at IS NULL;

DROP INDEX order_events_unpublished;
ALTER TABLE order_events DROP COLUMN published_at;

-- A queue table: rows live for milliseconds, and each deleted one slows the relay's index scan until vacuumed.
-- The relay runs VACUUM every RELAY_VACUUM_EVERY events; on its own rounds autovacuum should not wait for 20% of
-- the table to be dead either.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
