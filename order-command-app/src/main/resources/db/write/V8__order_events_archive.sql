-- Events of orders in a final state whose last event is older than ARCHIVE_AFTER leave order_events for this
-- table: one row per order, its events in one zstd frame (ArchiveBlob). A table in the same database keeps
-- archiving one local transaction (archive row written, hot rows deleted) with nothing to reconcile after a
-- crash, and every reader reaches it through the connection it already has.
CREATE TABLE order_events_archive (
    order_id         BIGINT PRIMARY KEY,
    first_version    BIGINT      NOT NULL,
    last_version     BIGINT      NOT NULL,
    events           INT         NOT NULL,
    raw_bytes        INT         NOT NULL, -- size of the events before compression
    last_occurred_at TIMESTAMPTZ NOT NULL,
    archived_at      TIMESTAMPTZ NOT NULL,
    blob             BYTEA       NOT NULL
);

-- Already compressed: PostgreSQL's own TOAST compression would only spend CPU on it.
ALTER TABLE order_events_archive ALTER COLUMN blob SET STORAGE EXTERNAL;

COMMENT ON TABLE order_events_archive IS 'archived events, one zstd-compressed blob per order (ArchiveBlob)';
