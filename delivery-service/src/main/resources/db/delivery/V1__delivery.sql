-- Outbound webhooks, modelled after svix: endpoint -> message -> delivery (one per message and endpoint)
-- -> message_attempt (one row per HTTP attempt).

CREATE TABLE endpoint (
    id                          uuid PRIMARY KEY,
    tenant                      text        NOT NULL,
    name                        text        NOT NULL,
    url                         text        NOT NULL,
    description                 text,
    -- Empty array = every event type; entries are exact types or wildcards such as 'inventory.*'.
    event_types                 text[]      NOT NULL DEFAULT '{}',
    status                      text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
    disabled_reason             text,
    secret_enc                  text        NOT NULL,
    previous_secret_enc         text,
    previous_secret_expires_at  timestamptz,
    consecutive_failures        integer     NOT NULL DEFAULT 0,
    last_success_at             timestamptz,
    last_failure_at             timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX endpoint_tenant ON endpoint (tenant, created_at, id);

-- One row per platform event; (tenant, event_id) makes a redelivered event a no-op.
CREATE TABLE message (
    id              uuid PRIMARY KEY,
    tenant          text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- The JSON body exactly as sent, so every attempt signs the same bytes.
    payload         text        NOT NULL,
    correlation_id  text,
    -- Kafka record timestamp: start of the event-on-topic -> first-attempt latency.
    on_topic_at     timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, event_id)
);
CREATE INDEX message_tenant_created ON message (tenant, created_at, id);

-- The state of one message towards one endpoint. PENDING rows with next_attempt_at <= now() are due; a worker
-- claims them by pushing next_attempt_at forward by its lease (FOR UPDATE SKIP LOCKED).
CREATE TABLE delivery (
    id              uuid PRIMARY KEY,
    message_id      uuid        NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    endpoint_id     uuid        NOT NULL REFERENCES endpoint (id) ON DELETE CASCADE,
    tenant          text        NOT NULL,
    event_type      text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- Failed attempts that count against the retry schedule (manual attempts do not).
    failures        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    next_trigger    text        NOT NULL DEFAULT 'scheduled' CHECK (next_trigger IN ('scheduled', 'manual')),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (message_id, endpoint_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_endpoint_status ON delivery (endpoint_id, status, created_at);

CREATE TABLE message_attempt (
    id                uuid PRIMARY KEY,
    delivery_id       uuid        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    message_id        uuid        NOT NULL,
    endpoint_id       uuid        NOT NULL,
    tenant            text        NOT NULL,
    event_type        text        NOT NULL,
    attempt_no        integer     NOT NULL,
    trigger           text        NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
    outcome           text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
    response_status   integer,
    response_headers  jsonb,
    response_body     text,
    error             text,
    duration_ms       integer     NOT NULL,
    created_at        timestamptz NOT NULL
);
CREATE INDEX message_attempt_tenant_created ON message_attempt (tenant, created_at DESC, id DESC);
CREATE INDEX message_attempt_endpoint_created ON message_attempt (endpoint_id, created_at DESC, id DESC);
CREATE INDEX message_attempt_message ON message_attempt (message_id);
