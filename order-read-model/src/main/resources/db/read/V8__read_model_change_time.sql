-- When the read model last changed, for the query app's cache: the time from this change to the cache
-- dropping the entries it made stale is the invalidation lag it reports. clock_timestamp(), not now(): the
-- statement's own time, close to the commit that follows it in the projector's batch.
ALTER TABLE read_model_position ADD COLUMN changed_at TIMESTAMPTZ;

CREATE OR REPLACE FUNCTION read_model_position_follow() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE read_model_position p
    SET last_event_at = greatest(p.last_event_at, n.newest),
        lag_ms        = greatest(0, round(1000 * extract(epoch FROM clock_timestamp() - n.oldest)))::BIGINT,
        changed_at    = clock_timestamp()
    FROM (SELECT max(updated_at) AS newest, min(updated_at) AS oldest FROM new_rows) n
    WHERE n.newest IS NOT NULL;
    RETURN NULL;
END
$$;
