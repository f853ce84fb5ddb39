-- Bulk runs take the queue's due events least recently checked first (and every event at most once per run), so a
-- run that stops at its bound (events or time) leaves the rest at the front of the next run: nothing starves.
ALTER TABLE tripleseat_event_queue ADD COLUMN last_checked_at timestamptz;  -- end of the latest attempt on the event
CREATE INDEX tripleseat_event_queue_checked ON tripleseat_event_queue (tenant, connection_id, last_checked_at);
