-- Propagation of applied catalog changes to a tenant's other connections (issue 4 part B).

-- The same item on several connections: rows sharing a link_id are one item. Made when Tillsync creates the item on
-- a target (the platform answers the new id) or when products on two connections share a SKU.
CREATE TABLE item_link (
    connection_id  text        NOT NULL,
    external_id    text        NOT NULL,
    tenant         text        NOT NULL,
    link_id        uuid        NOT NULL,
    attributes     jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- target-side ids a writer needs (variant, inventory item)
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, external_id)
);
CREATE INDEX item_link_link ON item_link (link_id);

-- Outbox: one job per (target connection, source item, kind), written in the transaction that applied the change.
-- A newer change of the same item and kind replaces the job's payload (coalescing), so a slow platform gets the
-- latest state, not a backlog. Workers claim due jobs with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE propagation_job (
    id                    uuid        PRIMARY KEY,
    tenant                text        NOT NULL,
    target_connection_id  text        NOT NULL,
    source_connection_id  text        NOT NULL,
    source_item_id        text        NOT NULL,
    kind                  text        NOT NULL CHECK (kind IN ('availability', 'inventory', 'upsert', 'delete')),
    change_id             text        NOT NULL,
    source_time           timestamptz NOT NULL,
    payload               bytea       NOT NULL,   -- the CatalogChange, Avro binary
    status                text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped', 'dead')),
    attempts              int         NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz NOT NULL,
    leased_until          timestamptz,
    last_error            text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (target_connection_id, source_connection_id, source_item_id, kind)
);
CREATE INDEX propagation_job_due ON propagation_job (next_attempt_at) WHERE status = 'pending';

-- What Tillsync wrote to a target, recorded BEFORE the write: when the target's webhook about that write (the echo)
-- comes back as a change from the target connection with the same content, it is applied but not propagated again.
CREATE TABLE propagation_ledger (
    id                    bigserial   PRIMARY KEY,
    tenant                text        NOT NULL,
    target_connection_id  text        NOT NULL,
    target_item_id        text,                   -- null until a create answers the new id
    target_alt_id         text,                   -- another id the echo may name (Shopify inventory_item_id, Square variation)
    content_hash          text        NOT NULL,
    change_id             text        NOT NULL,
    written_at            timestamptz NOT NULL,
    echoed_at             timestamptz,
    echoed_change_id      text                    -- the echo's change id (a redelivered echo is still an echo)
);
CREATE INDEX propagation_ledger_echo ON propagation_ledger (target_connection_id, content_hash, written_at)
    WHERE echoed_at IS NULL;
