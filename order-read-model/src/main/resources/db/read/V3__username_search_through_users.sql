-- Username search finds the matching users first (100,000 users, not 1,000,000 orders) and then their
-- orders by user_id. A trigram index over every order's username was slow for rare fragments (trigrams such
-- as 'use' occur in every name, so huge posting lists were intersected: 30 ms at a million orders) and cost
-- every projected order a GIN update.
-- fastupdate off: users change rarely, and a pending list of unindexed entries (after a bulk load, before
-- autovacuum) made every search scan it: 8.7 ms instead of 1.8 ms for a rare fragment after loading 100,000 users.
CREATE INDEX user_directory_username ON user_directory USING gin (username gin_trgm_ops) WITH (fastupdate = off);

DROP INDEX order_read_models_username;
