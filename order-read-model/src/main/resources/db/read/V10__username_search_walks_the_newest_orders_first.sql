-- Username search, cheaper on both of its paths (measured with pgbench over 1,000,000 orders and 100,000 users,
-- BENCHMARKS.md):
-- * The users are matched on lower(username) with LIKE instead of username with ILIKE: in a UTF-8 database
--   ILIKE lower-cases both sides and then matches as LIKE, so the answer is the same, but the index's recheck
--   and the orders' filter no longer lower-case the pattern for every row.
-- * The function is PL/pgSQL: its statement is planned once per session, not on every search (a SQL function
--   with a SET clause is planned anew on each call).
CREATE INDEX user_directory_username_lower ON user_directory USING gin (lower(username) gin_trgm_ops)
    WITH (fastupdate = off);
DROP INDEX user_directory_username;

DROP FUNCTION users_named_like(TEXT, INT);

-- The users whose lower-cased name is LIKE pattern (a lower-case pattern), at most max_users of them.
CREATE FUNCTION users_named_like(pattern TEXT, max_users INT) RETURNS SETOF BIGINT
    LANGUAGE plpgsql STABLE
    SET enable_seqscan = off
AS
$$
BEGIN
    RETURN QUERY SELECT user_id FROM user_directory WHERE lower(username) LIKE pattern LIMIT max_users;
END
$$;
