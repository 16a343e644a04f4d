#!/usr/bin/env bash
# Does partitioning order_read_models by month of created_at pay? (issue 12; result in BENCHMARKS.md)
# Builds two throw-away databases with the read-model schema exactly as the Flyway migrations create it
# (order-read-model/src/main/resources/db/read/V*.sql), fills each with the same 1,000,000 orders over 24 months,
# converts the second one's order_read_models into a table partitioned by month of created_at (same columns,
# same indexes, primary key (id, created_at) as PostgreSQL requires), then runs the query app's own queries
# under pgbench. Drops both databases at the end.
#   PGHOST=127.0.0.1 PGUSER=postgres ORDERS=1000000 DURATION=20 CLIENTS=4 order-bench/readmodel-partitioning/run.sh
set -euo pipefail
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
ORDERS=${ORDERS:-1000000}
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
MIGRATIONS=$HERE/../../order-read-model/src/main/resources/db/read
SUFFIX=$$
PLAIN=rm_plain_$SUFFIX
PARTED=rm_parted_$SUFFIX
WORK=$(mktemp -d)
cleanup() { dropdb --if-exists "$PLAIN"; dropdb --if-exists "$PARTED"; rm -rf "$WORK"; }
trap cleanup EXIT

psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

schema() {
  createdb "$1"
  for migration in $(ls "$MIGRATIONS"/V*.sql | sort -V); do psqlq -d "$1" -f "$migration" >/dev/null; done
}

# Ids grow with time as the command app hands them out; 24 months back from 2026-11-01; 1% deleted.
FILL="
INSERT INTO order_read_models (id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes,
                               user_username, user_email, items_count, is_deleted, version)
SELECT i, 1 + (i * 7919) % 100000, round((10 + (i * 31) % 990)::numeric, 2),
       (ARRAY['PENDING','CONFIRMED','PROCESSING','SHIPPED','DELIVERED','CANCELLED'])[1 + (i * 13) % 6],
       t, t + interval '1 hour', 'Street ' || i || ', 10115 Berlin', NULL, 'user' || (i % 100000),
       'user' || (i % 100000) || '@example.com', 1 + i % 5, i % 100 = 0, 3
FROM (SELECT i, timestamptz '2024-11-01 00:00:00+00'
                + (i::float8 / $ORDERS) * (timestamptz '2026-11-01 00:00:00+00' - timestamptz '2024-11-01 00:00:00+00') AS t
      FROM generate_series(1::bigint, $ORDERS) i) g;"

# The same table partitioned by month; indexes as V1 (minus the username one V3 dropped); triggers re-attached.
PARTITION="
DROP TABLE order_read_models;
CREATE TABLE order_read_models (
    id BIGINT NOT NULL, user_id BIGINT NOT NULL, total_amount NUMERIC(18, 2) NOT NULL, status TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, shipping_address TEXT, notes TEXT,
    user_username TEXT, user_email TEXT, items_count INT NOT NULL, is_deleted BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL, cancellation_reason TEXT,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
DO \$\$
DECLARE m DATE;
BEGIN
  FOR m IN SELECT generate_series(DATE '2024-11-01', DATE '2026-11-01', interval '1 month')::date LOOP
    EXECUTE format('CREATE TABLE order_read_models_%s PARTITION OF order_read_models FOR VALUES FROM (%L) TO (%L)',
                   to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
  END LOOP;
END
\$\$;
CREATE INDEX order_read_models_user ON order_read_models (user_id, id DESC);
CREATE INDEX order_read_models_status ON order_read_models (status, id DESC) WHERE NOT is_deleted;
CREATE INDEX order_read_models_created ON order_read_models (created_at DESC, id DESC) WHERE NOT is_deleted;
CREATE INDEX order_read_models_amount ON order_read_models (total_amount, id) WHERE NOT is_deleted;
SELECT order_statistics_attach('order_read_models');"

COLUMNS="id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, user_username, user_email, items_count, version, cancellation_reason"
# The query app's statements (gettingbyid/OrderById, gettingbydaterange/OrdersCreatedBetween first page of a
# one-month range, gettingorders/ActiveOrders first page, gettingbystatus/OrdersInStatus first page), limit 50.
cat > "$WORK/by_id.sql" <<SQL
\set id random(1, $ORDERS)
SELECT $COLUMNS, is_deleted FROM order_read_models WHERE id = :id;
SQL
# The app binds the range bounds as timestamptz parameters: here epoch seconds, a 30-day window inside the data.
cat > "$WORK/date_range.sql" <<SQL
\\set from 1730419200 + random(0, 690) * 86400
\\set to :from + 30 * 86400
SELECT $COLUMNS FROM order_read_models
WHERE NOT is_deleted
  AND created_at >= to_timestamp(:from) AND created_at < to_timestamp(:to)
  AND (created_at, id) < (to_timestamp(:to), 9223372036854775807)
ORDER BY created_at DESC, id DESC LIMIT 50;
SQL
cat > "$WORK/list.sql" <<SQL
SELECT $COLUMNS FROM order_read_models WHERE NOT is_deleted AND id < 9223372036854775807 ORDER BY id DESC LIMIT 50;
SQL
cat > "$WORK/status.sql" <<SQL
\set s random(1, 6)
SELECT $COLUMNS FROM order_read_models
WHERE NOT is_deleted AND status = (ARRAY['PENDING','CONFIRMED','PROCESSING','SHIPPED','DELIVERED','CANCELLED'])[:s]
  AND id < 9223372036854775807 ORDER BY id DESC LIMIT 50;
SQL

echo "load before: $(uptime)"
schema "$PLAIN"
schema "$PARTED"
psqlq -d "$PARTED" -c "$PARTITION" >/dev/null
for db in "$PLAIN" "$PARTED"; do
  start=$(date +%s.%N)
  psqlq -d "$db" -c "$FILL" >/dev/null
  psqlq -d "$db" -c "VACUUM ANALYZE order_read_models" >/dev/null
  echo "$db: filled $ORDERS orders in $(echo "$(date +%s.%N) - $start" | bc) s," \
       "size $(psql -X -At -d "$db" -c "SELECT pg_size_pretty(pg_total_relation_size('order_read_models')) FROM order_read_models LIMIT 1" 2>/dev/null || true)"
done
psql -X -At -d "$PARTED" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'order_read_models'::regclass" | sed 's/^/partitioned: size of all partitions /'

printf '%-12s %-10s %10s %12s\n' query schema tps "latency_ms"
for query in by_id date_range list status; do
  for db in "$PLAIN" "$PARTED"; do
    out=$(pgbench -n -M prepared -f "$WORK/$query.sql" -T "$DURATION" -c "$CLIENTS" -j "$CLIENTS" "$db" 2>&1)
    tps=$(echo "$out" | awk '/^tps/ {print $3}')
    lat=$(echo "$out" | awk '/latency average/ {print $4}')
    printf '%-12s %-10s %10s %12s\n' "$query" "${db%_$SUFFIX}" "$tps" "$lat"
  done
done
for db in "$PLAIN" "$PARTED"; do
  echo "plans ($db):"
  psql -X -d "$db" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM order_read_models WHERE id = 424242" | grep -E "Planning Time|Execution Time"
  psql -X -d "$db" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM order_read_models WHERE NOT is_deleted
      AND created_at >= '2025-06-01' AND created_at < '2025-07-01' AND (created_at, id) < ('2025-07-01', 9223372036854775807)
      ORDER BY created_at DESC, id DESC LIMIT 50" | grep -E "Planning Time|Execution Time"
done
echo "load after: $(uptime)"
