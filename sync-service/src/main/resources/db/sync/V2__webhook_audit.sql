-- Audit trail: one row per inbound webhook receipt (webhooks.inbound record), whatever became of it.
-- A provider's replay of an event already seen (same tenant + external_event_id) gets a row of its own with
-- status 'duplicate' and duplicate_of pointing at the original; only the original has an effect.
CREATE TABLE webhook_audit (
    id                 uuid PRIMARY KEY,              -- InboundWebhook.id (intake's receipt id)
    tenant             text        NOT NULL,
    provider           text        NOT NULL,
    connection_id      text        NOT NULL,
    event_type         text        NOT NULL,
    external_event_id  text,                          -- provider idempotency id, null when the provider gives none
    payload            text        NOT NULL,          -- raw body as received (UTF-8)
    signature_header   text,                          -- signature as sent (never a static secret such as Clover's auth code)
    correlation_id     text,
    received_at        timestamptz NOT NULL,          -- when intake accepted it
    processed_at       timestamptz,
    status             text        NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'retrying', 'processed', 'duplicate', 'ignored', 'failed')),
    error              text,
    attempts           int         NOT NULL DEFAULT 0,
    changes_published  int         NOT NULL DEFAULT 0,
    duplicate_of       uuid REFERENCES webhook_audit (id),
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- The idempotency rule: one original per (tenant, external_event_id) where the id is known.
CREATE UNIQUE INDEX webhook_audit_external_event
    ON webhook_audit (tenant, external_event_id)
    WHERE external_event_id IS NOT NULL AND duplicate_of IS NULL;
CREATE INDEX webhook_audit_tenant_received ON webhook_audit (tenant, received_at DESC);
CREATE INDEX webhook_audit_failed ON webhook_audit (status) WHERE status = 'failed';
