#!/usr/bin/env bash
# The archive benchmark (issue 12): fills a fresh write database with finished orders older than ARCHIVE_AFTER,
# measures the event store, archives it with the command app's `archive` sub-command, measures again, runs
# replay-verify, rebuilds a fresh read model from hot + archive with the projector's `rebuild`, and compares read
# model and write model. Needs the built jars (mvn -DskipTests install) and psql; PostgreSQL from WRITE_DB_URL's
# host (default 127.0.0.1:5432, user postgres). Usage: order-bench/archive/run.sh [orders]  (266667 = 1M events)
set -euo pipefail
cd "$(dirname "$0")/../.."
ORDERS=${1:-266667}
HOST=${PGHOST:-127.0.0.1}
PORT=${PGPORT:-5432}
USER_=${DB_USER:-postgres}
SUFFIX=$(date +%s)
WRITE=bench_archive_write_$SUFFIX
READ=bench_archive_read_$SUFFIX
PSQL=(psql -h "$HOST" -p "$PORT" -U "$USER_" -v ON_ERROR_STOP=1 -qAt)
export DB_USER=$USER_ DB_PASSWORD=${DB_PASSWORD:-}
export WRITE_DB_URL=jdbc:postgresql://$HOST:$PORT/$WRITE READ_DB_URL=jdbc:postgresql://$HOST:$PORT/$READ
trap '[ -n "${BENCH_KEEP:-}" ] || { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $WRITE" ; "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $READ"; }' EXIT
HOT_SIZE="SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('order_events')"
ARCHIVE_SIZE="SELECT pg_total_relation_size('order_events_archive')"
now() { date +%s.%N; }

"${PSQL[@]}" -d postgres -c "CREATE DATABASE $WRITE"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $READ"
echo "== schema (the archive command migrates; nothing is due yet)"
java -jar order-command-app/target/order-command-app.jar archive --dry-run | tail -1
echo "== filling $ORDERS finished orders"
t=$(now); "${PSQL[@]}" -d "$WRITE" -v orders="$ORDERS" -f order-bench/archive/fill-finished-orders.sql
echo "filled in $(echo "$(now) - $t" | bc) s"
EVENTS=$("${PSQL[@]}" -d "$WRITE" -c "SELECT count(*) FROM order_events")
BEFORE=$("${PSQL[@]}" -d "$WRITE" -c "$HOT_SIZE")
echo "events=$EVENTS unarchived store bytes=$BEFORE"

echo "== archive"
t=$(now); java -jar order-command-app/target/order-command-app.jar archive | tail -2
ARCHIVE_S=$(echo "$(now) - $t" | bc)
HOT=$("${PSQL[@]}" -d "$WRITE" -c "$HOT_SIZE")
ARCH=$("${PSQL[@]}" -d "$WRITE" -c "$ARCHIVE_SIZE")
LEFT=$("${PSQL[@]}" -d "$WRITE" -c "SELECT count(*) FROM order_events")
echo "hot bytes=$HOT archive bytes=$ARCH hot events left=$LEFT"

echo "== replay-verify"
t=$(now); java -jar order-command-app/target/order-command-app.jar verify | tail -1
VERIFY_S=$(echo "$(now) - $t" | bc)

echo "== rebuild of a fresh read model from hot + archive"
t=$(now); java -jar order-projector/target/order-projector.jar rebuild | tail -1
REBUILD_S=$(echo "$(now) - $t" | bc)
"${PSQL[@]}" -d "$WRITE" -c "SELECT o.id || ' v' || o.version || ' ' || o.status || ' ' || o.total_amount || ' items=' || (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) || ' deleted=' || (o.deleted_at IS NOT NULL) FROM orders o ORDER BY o.id" > /tmp/$WRITE.txt
"${PSQL[@]}" -d "$READ" -c "SELECT id || ' v' || version || ' ' || status || ' ' || total_amount || ' items=' || items_count || ' deleted=' || is_deleted FROM order_read_models ORDER BY id" > /tmp/$READ.txt
if cmp -s /tmp/$WRITE.txt /tmp/$READ.txt; then SAME="equal ($(wc -l < /tmp/$READ.txt) orders)"; else SAME="DIFFERENT"; fi
rm -f /tmp/$WRITE.txt /tmp/$READ.txt

echo
echo "| measure | value | target |"
echo "|---|---|---|"
echo "| events archived | $EVENTS ($ORDERS orders) | 1,000,000 |"
echo "| archive wall time (JVM start included) | ${ARCHIVE_S} s = $(echo "$EVENTS / $ARCHIVE_S" | bc) events/s | >= 20,000 events/s |"
echo "| unarchived store (pg_total_relation_size, all partitions) | $BEFORE bytes | |"
echo "| hot + archive after | $((HOT + ARCH)) bytes = $(echo "scale=3; ($HOT + $ARCH) / $BEFORE" | bc) of before | <= 0.25 |"
echo "| replay-verify over hot + archive (wall) | ${VERIFY_S} s | passes |"
echo "| rebuild from hot + archive (wall, JVM start included) | ${REBUILD_S} s | <= 60 s |"
echo "| read model vs write model | $SAME | equal |"
