-- Each command app takes order ids 100 at a time (one nextval per block instead of one per order).
-- Ids stay unique across instances; they are no longer gapless, which nothing relies on.
ALTER SEQUENCE orders_id_seq INCREMENT BY 100;
