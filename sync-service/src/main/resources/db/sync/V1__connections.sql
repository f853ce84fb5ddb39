-- Connections: one tenant's account on one platform, with its secrets (encrypted with SecretBox, never returned)
-- and its sync rules. Owned by sync-service; intake-service and poller-service read them through the views below.
CREATE TABLE connection (
    id                           text PRIMARY KEY,
    tenant                       text        NOT NULL,
    provider                     text        NOT NULL
        CHECK (provider IN ('shopify', 'square', 'clover', 'toast', 'tripleseat', 'revel', 'standard')),
    account                      text,                 -- merchant id, shop domain, restaurant guid, ...
    name                         text,
    status                       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    webhook_secret_enc           text,                 -- current signing secret / auth code (SecretBox)
    previous_webhook_secret_enc  text,                 -- still accepted until previous_secret_expires_at (rotation)
    previous_secret_expires_at   timestamptz,
    api_token_enc                text,                 -- outbound API credential (SecretBox)
    api_base_url                 text,                 -- platform API base (sandbox, or a fake in tests)
    settings                     jsonb       NOT NULL DEFAULT '{}'::jsonb, -- notification_url, timezone, ...
    realtime_sync_enabled        boolean     NOT NULL DEFAULT true,
    propagate_creates            boolean     NOT NULL DEFAULT true,
    propagate_updates            boolean     NOT NULL DEFAULT true,
    propagate_deletes            boolean     NOT NULL DEFAULT true,
    propagate_inventory          boolean     NOT NULL DEFAULT true,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connection_tenant_provider ON connection (tenant, provider, created_at);

-- What intake-service needs to verify webhooks: nothing more. For /intake/{tenant}/pos/{provider} intake takes the
-- tenant's oldest active connection of that provider.
CREATE VIEW intake_connection AS
SELECT id, tenant, provider, account, status, webhook_secret_enc, previous_webhook_secret_enc,
       previous_secret_expires_at, settings ->> 'notification_url' AS notification_url, created_at, updated_at
FROM connection;

-- What poller-service needs to call platform APIs.
CREATE VIEW poller_connection AS
SELECT id, tenant, provider, account, status, api_token_enc, api_base_url, settings, created_at, updated_at
FROM connection;
