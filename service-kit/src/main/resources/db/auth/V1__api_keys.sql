-- Per-tenant API keys for the management APIs of every service. Only a SHA-256 hash of each key is stored.
CREATE TABLE IF NOT EXISTS api_key (
    id          uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    key_hash    text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX IF NOT EXISTS api_key_tenant ON api_key (tenant);
