-- Events of orders in a final state whose last event is older than ARCHIVE_AFTER leave order_events for this
-- table: one row per order, its events in one zstd frame (ArchiveBlob). A table in the same database keeps
-- archiving one local transaction (archive row written, hot rows deleted) with nothing to reconcile after a
-- crash, and every reader reaches it through the connection it already has.
-- Narrow on purpose: at a few hundred bytes a blob, every column is felt in the archive's size.
CREATE TABLE order_events_archive (
    order_id     BIGINT PRIMARY KEY,
    last_version BIGINT NOT NULL, -- the archiver's test for "already archived up to the order's version"
    events       INT    NOT NULL,
    blob         BYTEA  NOT NULL
);

-- Already compressed: PostgreSQL's own TOAST compression would only spend CPU on it.
ALTER TABLE order_events_archive ALTER COLUMN blob SET STORAGE EXTERNAL;

COMMENT ON TABLE order_events_archive IS 'archived events, one zstd-compressed blob per order (ArchiveBlob)';
