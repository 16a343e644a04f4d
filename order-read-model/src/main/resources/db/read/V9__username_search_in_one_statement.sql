-- The username search in one statement: the users whose name contains the fragment come from this function,
-- which keeps the trigram index even where the planner, seeing a LIMIT, would scan the users table until
-- enough match (a tenth of it for a common fragment: 8 ms at 100,000 users, against 2 to 3 ms by the index).
-- Its own SET clause replaces the SET LOCAL of a transaction: the search no longer needs one, and saves the
-- round trips of BEGIN, SET and COMMIT.
CREATE FUNCTION users_named_like(pattern TEXT, max_users INT) RETURNS SETOF BIGINT
    LANGUAGE sql STABLE
    SET enable_seqscan = off
AS
$$
SELECT user_id FROM user_directory WHERE username ILIKE pattern LIMIT max_users
$$;
