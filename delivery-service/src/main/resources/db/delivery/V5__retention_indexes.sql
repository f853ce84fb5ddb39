-- Retention purges rows by age in small batches; these indexes let each batch find its oldest rows without a scan,
-- and let deleting a delivery find its attempts (ON DELETE CASCADE) without one. Plain CREATE INDEX (Flyway hangs on
-- CONCURRENTLY while it holds its transactional lock): on a large existing table, create them CONCURRENTLY by hand
-- before upgrading and this migration finds them there (docs/operations.md, "Retention").
CREATE INDEX IF NOT EXISTS message_attempt_created ON message_attempt (created_at);
CREATE INDEX IF NOT EXISTS message_attempt_delivery ON message_attempt (delivery_id);
CREATE INDEX IF NOT EXISTS delivery_finished ON delivery (updated_at) WHERE status <> 'PENDING';
CREATE INDEX IF NOT EXISTS message_created ON message (created_at);
