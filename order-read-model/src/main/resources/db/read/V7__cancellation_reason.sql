-- Why the order service cancelled an order (OrderCancelledEvent's reason: out of stock, payment declined, a
-- participant that did not answer); null for every other order, including one its customer cancelled.
-- Nullable without a default: adding it rewrites nothing. The rebuild's shadow table copies the column with
-- LIKE; the statistics and position triggers are statement-level and read no column list, so
-- order_statistics_attach (V5) needs no change.
ALTER TABLE order_read_models ADD COLUMN cancellation_reason TEXT;
