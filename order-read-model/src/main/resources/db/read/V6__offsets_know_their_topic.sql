-- The identity (Kafka topic id) of the log the stored offsets belong to. A topic deleted and recreated, or a new
-- cluster with empty topics of the same names, has another id: its offsets would point into another log, so the
-- projector re-reads such a topic from its beginning instead of seeking to them. NULL for rows written before this
-- column existed; the projector records the id it finds at its next start.
ALTER TABLE projector_offsets ADD COLUMN topic_id TEXT;
