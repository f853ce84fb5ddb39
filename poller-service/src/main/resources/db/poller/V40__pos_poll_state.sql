-- Polling of Toast, Square and Shopify connections (the shared lease/state machinery of io.tillsync.poller.poll), and
-- the status of manual syncs for every POS provider (Clover included).

-- One row per polled connection, created by the poller when it first sees the connection. last_sync_time only moves
-- when a whole poll completed (every change acknowledged by Kafka); a poll that dies leaves it, so the next re-reads.
CREATE TABLE poll_connection (
    connection_id            text        PRIMARY KEY,
    tenant                   text        NOT NULL,
    provider                 text        NOT NULL,
    last_sync_time           timestamptz,          -- start (database clock) of the last completed poll; null = never
    cursor                   text,                 -- provider's own resume point (Toast: menus lastUpdated; Shopify: location ids)
    poll_count               bigint      NOT NULL DEFAULT 0,
    last_cleanup_time        timestamptz,
    token_status             text        NOT NULL DEFAULT 'valid' CHECK (token_status IN ('valid', 'invalid')),
    invalid_token_hash       text,                 -- md5 of the api_token_enc the platform refused; a new token re-enables
    next_poll_at             timestamptz NOT NULL DEFAULT now(),
    requested_at             timestamptz,          -- a manual sync asked for a poll now
    requested_correlation_id text,
    rewind_to                timestamptz,          -- next poll reads from here (manual hoursBack, or a full re-read)
    lease_owner              text,
    lease_until              timestamptz,
    run_started_at           timestamptz,
    consecutive_failures     integer     NOT NULL DEFAULT 0,
    last_error               text,
    last_polled_at           timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX poll_connection_due ON poll_connection (next_poll_at);
CREATE INDEX poll_connection_tenant ON poll_connection (tenant);

-- What the poller holds per connection between polls: items it published (kind 'item', for ghost cleanup and
-- availability recomputation: state is the provider's own summary) and references (kind 'ref': Square's
-- variation -> item and counts, Shopify's inventory item -> product).
CREATE TABLE poll_item (
    connection_id  text    NOT NULL,
    kind           text    NOT NULL CHECK (kind IN ('item', 'ref')),
    item_id        text    NOT NULL,
    parent         text,
    state          text,
    quantity       numeric,
    deleted        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (connection_id, kind, item_id)
);
CREATE INDEX poll_item_parent ON poll_item (connection_id, kind, parent);

-- Manual syncs (POST /api/clients/{slug}/sync-availability of sync-service): one row per request and connection.
-- sync-service reads it (tenant-scoped) to answer GET .../sync-availability/{requestId}.
CREATE TABLE manual_sync (
    request_id        text        NOT NULL,
    connection_id     text        NOT NULL,
    tenant            text        NOT NULL,
    provider          text        NOT NULL,
    status            text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    items_seen        integer,
    changes_published integer,
    reason            text,
    requested_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (request_id, connection_id)
);
CREATE INDEX manual_sync_open ON manual_sync (connection_id) WHERE status IN ('queued', 'running');
