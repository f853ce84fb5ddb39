-- TripleSeat cannot search events by date, so every event id seen in a webhook (or asked for by a manual sync) is
-- kept here; bulk reconciliation (GET /api/sync/tripleseat?hours_back=N and the scheduled safety net) works from
-- this queue. A row stays "open" until its event got an order in Revel or can never get one (cancelled, deleted,
-- date passed, unknown to TripleSeat); any new webhook for the event opens it again.
CREATE TABLE tripleseat_event_queue (
    tenant          text        NOT NULL,
    event_id        text        NOT NULL,
    connection_id   text        NOT NULL,             -- the tripleseat connection that reported it
    first_seen_at   timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    last_trigger    text        NOT NULL,             -- CREATE_EVENT, UPDATE_EVENT, DELETE_EVENT, MANUAL
    times_seen      int         NOT NULL DEFAULT 1,
    open            boolean     NOT NULL DEFAULT true,
    event_date      date,                             -- last known local date of the event (venue timezone)
    PRIMARY KEY (tenant, event_id)
);
CREATE INDEX tripleseat_event_queue_seen ON tripleseat_event_queue (tenant, last_seen_at);
CREATE INDEX tripleseat_event_queue_open ON tripleseat_event_queue (tenant, event_date) WHERE open;
