-- Username search finds the matching users first (100,000 users, not 1,000,000 orders) and then their
-- orders by user_id. A trigram index over every order's username was slow for rare fragments (trigrams such
-- as 'use' occur in every name, so huge posting lists were intersected: 30 ms at a million orders) and cost
-- every projected order a GIN update.
CREATE INDEX user_directory_username ON user_directory USING gin (username gin_trgm_ops);

DROP INDEX order_read_models_username;
