-- Scheduled reconciliation (issue 7): one row per job and connection, holding when a replica last fired it. A
-- replica fires only when it moves fired_at forward past half an interval (an atomic upsert), so several poller
-- replicas on the same schedule never both ask for the same connection's reconciliation.
CREATE TABLE reconcile_lease (
    job            text        NOT NULL,   -- tripleseat_reconcile
    connection_id  text        NOT NULL,
    tenant         text        NOT NULL,
    fired_at       timestamptz NOT NULL,
    fired_by       text        NOT NULL,   -- replica id (host name + random suffix)
    PRIMARY KEY (job, connection_id)
);
