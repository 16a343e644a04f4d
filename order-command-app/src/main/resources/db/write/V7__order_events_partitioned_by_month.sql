-- order_events becomes partitioned by month of occurred_at (UTC), so that old months can be dropped once the
-- archiver has emptied them instead of growing one table for ever. The existing rows are copied, positions
-- kept: the outbox and the relay's checkpoint refer to positions, so what was pending stays pending, once.
--
-- A partitioned table's unique constraints must contain the partition key, which changes two guarantees:
-- * the primary key becomes (position, occurred_at); position still comes from one identity sequence, so it
--   stays unique, and the relay's join outbox -> order_events by position uses its index in every partition;
-- * (order_id, version) is no longer declared unique; uniqueness comes from the orders row, which every command
--   changes in the same transaction with a compare-and-set on its version (Orders.update: WHERE version =
--   previous; creation: the orders primary key). The index stays, non-unique, for the readers.
-- * event_id loses its unique index: nothing looks events up by id, ids are random UUIDs, and the index was
--   a fifth of the store's size.
ALTER TABLE order_events RENAME TO order_events_unpartitioned;
ALTER TABLE order_events_unpartitioned RENAME CONSTRAINT order_events_pkey TO order_events_unpartitioned_pkey;

CREATE TABLE order_events (
    position       BIGINT GENERATED ALWAYS AS IDENTITY,
    event_id       UUID        NOT NULL,
    order_id       BIGINT      NOT NULL,
    version        BIGINT      NOT NULL CHECK (version >= 1),
    type           TEXT        NOT NULL,
    schema_version INT         NOT NULL,
    payload        JSONB       NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (position, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX order_events_order_version ON order_events (order_id, version);

-- Catches an event whose month has no partition yet; the app reports rows here (metric and WARN) and creates the
-- coming months ahead (EventPartitions), so a missing partition never fails a command.
CREATE TABLE order_events_default PARTITION OF order_events DEFAULT;

-- One partition for every month that has events, and for this month and the next three.
DO $$
DECLARE
    month TIMESTAMP;
BEGIN
    FOR month IN
        SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') FROM order_events_unpartitioned
        UNION
        SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => n)
        FROM generate_series(0, 3) AS n
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF order_events FOR VALUES FROM (%L) TO (%L)',
                       'order_events_' || to_char(month, 'YYYY_MM'),
                       (month AT TIME ZONE 'UTC'), ((month + INTERVAL '1 month') AT TIME ZONE 'UTC'));
    END LOOP;
END
$$;

INSERT INTO order_events (position, event_id, order_id, version, type, schema_version, payload, occurred_at)
OVERRIDING SYSTEM VALUE
SELECT position, event_id, order_id, version, type, schema_version, payload, occurred_at
FROM order_events_unpartitioned
ORDER BY position;

-- New events continue after the last copied position.
SELECT setval(pg_get_serial_sequence('order_events', 'position'),
              coalesce((SELECT max(position) FROM order_events_unpartitioned), 0) + 1, false);

DROP TABLE order_events_unpartitioned;

COMMENT ON TABLE order_events IS
    'append-only event store, partitioned by month of occurred_at; archived events are in order_events_archive';
