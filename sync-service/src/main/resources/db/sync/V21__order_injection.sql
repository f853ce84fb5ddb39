-- Order injection per TripleSeat event, one row per (tenant, event): the latest attempt's outcome (injected, skipped
-- with reason, or failed with error), and - never forgotten once set - whether and when an order was injected and
-- its Revel id. Runs on one event are serialized by a per-event advisory lock and re-check Revel by local_id.
CREATE TABLE order_injection (
    tenant            text        NOT NULL,
    event_id          text        NOT NULL,
    connection_id     text        NOT NULL,
    target_connection_id text,                         -- the revel connection
    local_id          text,                            -- Revel local_id the order carries (Triple Seat_{event_id})
    outcome           text        NOT NULL CHECK (outcome IN ('injected', 'skipped', 'failed')), -- latest attempt
    reason            text,                            -- for skipped: duplicate, outside_time_gate, cancelled, ...
    error             text,                            -- for failed: what went wrong (never a credential)
    revel_order_id    text,
    event_name        text,
    event_date        date,
    event_status      text,
    trigger           text        NOT NULL,            -- webhook, manual, scheduled
    correlation_id    text        NOT NULL,
    attempts          int         NOT NULL DEFAULT 1,
    first_attempt_at  timestamptz NOT NULL,
    last_attempt_at   timestamptz NOT NULL,
    injected_at       timestamptz,                     -- set by the attempt that created the order
    PRIMARY KEY (tenant, event_id)
);
CREATE INDEX order_injection_outcome ON order_injection (tenant, outcome, last_attempt_at DESC);
