-- Retention of the saga bookkeeping (README "Retention of bookkeeping tables"): finished sagas, the reply inbox and
-- rejected replies are deleted a batch at a time, oldest first; these indexes find each batch without reading the
-- whole table.
CREATE INDEX sagas_finished ON sagas (finished_at) WHERE step IN ('CONFIRMED', 'CANCELLED');
CREATE INDEX inbox_processed_at ON inbox (processed_at);
CREATE INDEX rejected_messages_rejected_at ON rejected_messages (rejected_at);
