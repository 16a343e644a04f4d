-- MessageRetention deletes inbox ids and rejected records past their retention, a batch at a time, oldest first;
-- without these indexes each batch would read the whole table.
CREATE INDEX inbox_processed_at ON inbox (processed_at);
CREATE INDEX rejected_messages_rejected_at ON rejected_messages (rejected_at);
