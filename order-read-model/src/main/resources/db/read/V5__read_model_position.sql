-- How fresh the read model is, for the freshness headers of every query answer: the time of the newest event
-- it has applied (its position for lists) and the write->read delay of its most recent change in ms (its lag).
-- Kept by statement-level triggers like order_statistics, so every writer (projector, repair, rebuild) keeps
-- it, one small update per statement.
CREATE TABLE read_model_position (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    last_event_at TIMESTAMPTZ,
    lag_ms        BIGINT NOT NULL DEFAULT 0
);
INSERT INTO read_model_position (last_event_at) SELECT max(updated_at) FROM order_read_models;

-- A row's updated_at is the time of the last event applied to it. The lag is measured on the oldest change of
-- the statement: a projector that falls behind applies old events, and the lag grows with its backlog.
CREATE FUNCTION read_model_position_follow() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE read_model_position p
    SET last_event_at = greatest(p.last_event_at, n.newest),
        lag_ms        = greatest(0, round(1000 * extract(epoch FROM clock_timestamp() - n.oldest)))::BIGINT
    FROM (SELECT max(updated_at) AS newest, min(updated_at) AS oldest FROM new_rows) n
    WHERE n.newest IS NOT NULL;
    RETURN NULL;
END
$$;

-- The rebuild calls order_statistics_attach on the table it swaps in: it now attaches these triggers too and
-- takes the position of the rebuilt table.
CREATE OR REPLACE FUNCTION order_statistics_attach(target regclass) RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE TRIGGER order_statistics_on_insert AFTER INSERT ON %s '
                       'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_statistics_apply()',
                   target);
    EXECUTE format('CREATE TRIGGER order_statistics_on_update AFTER UPDATE ON %s '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                       'EXECUTE FUNCTION order_statistics_apply()', target);
    EXECUTE format('CREATE TRIGGER order_statistics_on_delete AFTER DELETE ON %s '
                       'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION order_statistics_apply()',
                   target);
    PERFORM read_model_position_attach(target);
END
$$;

CREATE FUNCTION read_model_position_attach(target regclass) RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE TRIGGER read_model_position_on_insert AFTER INSERT ON %s '
                       'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION read_model_position_follow()',
                   target);
    EXECUTE format('CREATE TRIGGER read_model_position_on_update AFTER UPDATE ON %s '
                       'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION read_model_position_follow()',
                   target);
    EXECUTE format('UPDATE read_model_position SET last_event_at = (SELECT max(updated_at) FROM %s), lag_ms = 0',
                   target);
END
$$;

SELECT read_model_position_attach('order_read_models');
