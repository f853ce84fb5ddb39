-- Deliveries of a disabled endpoint are still recorded (SKIPPED: no attempt made), so recovery after an outage can
-- resend what arrived meanwhile.
ALTER TABLE delivery DROP CONSTRAINT delivery_status_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_status_check CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED'));

-- When the endpoint was disabled (offered as "recover since" on enable) and when its current failure streak began
-- (health.disable-after).
ALTER TABLE endpoint ADD COLUMN disabled_at timestamptz;
ALTER TABLE endpoint ADD COLUMN failing_since timestamptz;
-- Per-endpoint settings: extra request headers, request timeout, optional send rate limit.
ALTER TABLE endpoint ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE endpoint ADD COLUMN timeout_seconds integer CHECK (timeout_seconds BETWEEN 1 AND 30);
ALTER TABLE endpoint ADD COLUMN rate_limit_per_second integer CHECK (rate_limit_per_second > 0);
-- The tenant's operational endpoint (at most one per tenant): receives endpoint.* and message.attempt.exhausted
-- events; it never receives platform events.
ALTER TABLE endpoint ADD COLUMN operational boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX endpoint_operational ON endpoint (tenant) WHERE operational;
