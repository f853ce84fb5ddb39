-- Retention deletes finished audit rows by age in small batches: find the oldest without a scan, and check quickly
-- that no duplicate row still points at one (duplicate_of) before deleting it. Plain CREATE INDEX (Flyway hangs on
-- CONCURRENTLY): on a large existing table, create them CONCURRENTLY by hand before upgrading (docs/operations.md).
CREATE INDEX IF NOT EXISTS webhook_audit_received ON webhook_audit (received_at);
CREATE INDEX IF NOT EXISTS webhook_audit_duplicate_of ON webhook_audit (duplicate_of) WHERE duplicate_of IS NOT NULL;
