-- Clover polling (issue 6). V30+ so it never sorts before V20 (reconcile_lease) on databases that already have it.

-- One row per clover connection (sync.poller_connection), created by the poller when it first sees the connection.
-- last_sync_time only moves when a whole poll completed, i.e. after every page's changes were acknowledged by Kafka;
-- a poll that dies between pages leaves it where it was, so the next poll re-reads instead of skipping.
CREATE TABLE clover_merchant (
    connection_id            text        PRIMARY KEY,
    tenant                   text        NOT NULL,
    merchant_id              text        NOT NULL,
    last_sync_time           timestamptz,          -- start (database clock) of the last completed poll; null = never
    poll_count               bigint      NOT NULL DEFAULT 0,
    last_cleanup_time        timestamptz,          -- last ghost cleanup (the first, full poll counts as one)
    token_status             text        NOT NULL DEFAULT 'valid' CHECK (token_status IN ('valid', 'invalid')),
    invalid_token_hash       text,                 -- md5 of the api_token_enc Clover refused; a new token re-enables
    next_poll_at             timestamptz NOT NULL DEFAULT now(),
    requested_at             timestamptz,          -- a manual sync asked for a poll now (poll.requests)
    requested_correlation_id text,
    rewind_to                timestamptz,          -- next poll reads from here (manual hoursBack, or a full re-read)
    lease_owner              text,                 -- replica polling it now; the lease expires at lease_until
    lease_until              timestamptz,
    run_started_at           timestamptz,          -- progress of the poll in flight (visibility only)
    run_offset               integer,
    consecutive_failures     integer     NOT NULL DEFAULT 0,
    last_error               text,
    last_polled_at           timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clover_merchant_due ON clover_merchant (next_poll_at);
CREATE INDEX clover_merchant_tenant ON clover_merchant (tenant);

-- The items the poller has published per merchant, for ghost cleanup (ids held here that Clover no longer lists).
CREATE TABLE clover_item (
    connection_id  text    NOT NULL,
    item_id        text    NOT NULL,
    modified_ms    bigint,             -- Clover's modifiedTime of the version last published
    deleted        boolean NOT NULL DEFAULT false,
    deleted_reason text,               -- deleted, hidden, ghost
    PRIMARY KEY (connection_id, item_id)
);
