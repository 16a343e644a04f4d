-- Fills a migrated write database with :orders finished orders whose events lie 100 to 400 days back, written as
-- the command app writes them (orders, order_items, order_events; the outbox empty: all published). Order i is
-- DELIVERED (5 events) when i % 4 is 0 or 1, CANCELLED (2 events) when 2, CANCELLED and deleted (3 events) when 3:
-- 3.75 events an order on average, so 266,667 orders make 1,000,000 events.
\set ON_ERROR_STOP on

-- The months these events fall in get their partitions first, as EventPartitions would have made them then.
DO $$
DECLARE
    month TIMESTAMP;
BEGIN
    FOR month IN SELECT generate_series(date_trunc('month', (now() - INTERVAL '402 days') AT TIME ZONE 'UTC'),
                                        date_trunc('month', now() AT TIME ZONE 'UTC'), INTERVAL '1 month')
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF order_events FOR VALUES FROM (%L) TO (%L)',
                       'order_events_' || to_char(month, 'YYYY_MM'), (month AT TIME ZONE 'UTC'),
                       ((month + INTERVAL '1 month') AT TIME ZONE 'UTC'));
    END LOOP;
END
$$;

CREATE TEMPORARY TABLE life AS
SELECT i AS id,
       CASE WHEN i % 4 IN (0, 1) THEN 5 WHEN i % 4 = 2 THEN 2 ELSE 3 END AS events,
       date_trunc('second', now() - INTERVAL '100 days' - (i % 300) * INTERVAL '1 day') AS t0,
       1 + i % 3 AS quantity
FROM generate_series(1, :orders) i;

INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address, notes, version,
                    deleted_at)
SELECT id, 1 + id % 10000, quantity * 19.99, CASE WHEN events = 5 THEN 'DELIVERED' ELSE 'CANCELLED' END,
       t0 + INTERVAL '1 minute', t0 + events * INTERVAL '1 minute', 'Street ' || id, NULL, events,
       CASE WHEN events = 3 THEN t0 + 3 * INTERVAL '1 minute' END
FROM life;

INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
SELECT id, 1, 'SKU-' || id % 50, quantity, 19.99 FROM life;

INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
SELECT gen_random_uuid(), l.id, v,
       CASE WHEN v = 1 THEN 'OrderCreated' WHEN l.events = 3 AND v = 3 THEN 'OrderDeleted' ELSE 'OrderStatusUpdated' END,
       CASE WHEN v = 1 THEN 2 ELSE 1 END,
       CASE WHEN v = 1 THEN jsonb_build_object('items', jsonb_build_array(jsonb_build_object(
                                'productId', 'SKU-' || l.id % 50, 'quantity', l.quantity, 'unitPrice', 19.99)),
                                'notes', NULL, 'userId', 1 + l.id % 10000, 'totalAmount', l.quantity * 19.99,
                                'shippingAddress', 'Street ' || l.id)
            WHEN l.events = 3 AND v = 3 THEN '{"statusAtDeletion": "CANCELLED"}'::jsonb
            WHEN l.events = 2 OR l.events = 3 THEN '{"newStatus": "CANCELLED", "oldStatus": "PENDING"}'::jsonb
            ELSE jsonb_build_object('oldStatus', (ARRAY['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED'])[v - 1],
                                    'newStatus', (ARRAY['CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED'])[v - 1])
       END,
       l.t0 + v * INTERVAL '1 minute'
FROM life l CROSS JOIN LATERAL generate_series(1, l.events) v
ORDER BY l.id, v;

SELECT setval('orders_id_seq', :orders + 100);
VACUUM ANALYZE;
