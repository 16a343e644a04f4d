-- order_statistics follows order_read_models exactly: statement-level triggers aggregate the rows a
-- statement actually inserted, updated or deleted (transition tables), one small update per statement.
-- Whoever writes the rows (the projector, a rebuild, a repair, two projector instances racing during a
-- rebalance) the statistics cannot drift from them.
CREATE FUNCTION order_statistics_apply() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    statuses TEXT[];
    counts   BIGINT[];
    amounts  NUMERIC[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(status ORDER BY status), array_agg(c ORDER BY status), array_agg(a ORDER BY status)
        INTO statuses, counts, amounts
        FROM (SELECT status, count(*) AS c, sum(total_amount) AS a
              FROM new_rows WHERE NOT is_deleted GROUP BY status) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(status ORDER BY status), array_agg(c ORDER BY status), array_agg(a ORDER BY status)
        INTO statuses, counts, amounts
        FROM (SELECT status, -count(*) AS c, -sum(total_amount) AS a
              FROM old_rows WHERE NOT is_deleted GROUP BY status) d;
    ELSE
        SELECT array_agg(status ORDER BY status), array_agg(c ORDER BY status), array_agg(a ORDER BY status)
        INTO statuses, counts, amounts
        FROM (SELECT status, sum(c) AS c, sum(a) AS a
              FROM (SELECT status, -1 AS c, -total_amount AS a FROM old_rows WHERE NOT is_deleted
                    UNION ALL
                    SELECT status, 1, total_amount FROM new_rows WHERE NOT is_deleted) x
              GROUP BY status
              HAVING sum(c) <> 0 OR sum(a) <> 0) d;
    END IF;
    IF statuses IS NULL THEN
        RETURN NULL;
    END IF;
    -- Lock the statistics rows in one global order so that concurrent batches never deadlock on them.
    PERFORM 1 FROM order_statistics WHERE status = ANY (statuses) ORDER BY status FOR UPDATE;
    UPDATE order_statistics s
    SET order_count = s.order_count + d.c, total_amount = s.total_amount + d.a
    FROM unnest(statuses, counts, amounts) AS d(status, c, a)
    WHERE s.status = d.status;
    RETURN NULL;
END
$$;

-- Attaches the three triggers to a table; the rebuild calls it on the table it swaps in.
CREATE FUNCTION order_statistics_attach(target regclass) RETURNS void LANGUAGE plpgsql AS
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
END
$$;

SELECT order_statistics_attach('order_read_models');
