-- Manual syncs (POST /api/clients/{slug}/sync-availability): which connections each request covers, so that
-- GET .../sync-availability/{requestId} can answer "queued" for a connection poller-service has not picked up yet.
-- poller-service keeps the progress (poller.manual_sync); the GET joins the two.
CREATE TABLE manual_sync_request (
    request_id    text        NOT NULL,
    tenant        text        NOT NULL,
    connection_id text        NOT NULL,
    provider      text        NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, connection_id)
);
CREATE INDEX manual_sync_request_tenant ON manual_sync_request (tenant, requested_at);
