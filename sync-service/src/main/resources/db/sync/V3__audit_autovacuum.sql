-- Every webhook's audit row is inserted and then updated with its outcome: vacuum the table once 1% of its rows are
-- dead (not the default 20%), without cost throttling. (Where the server runs with autovacuum off, the service
-- vacuums it itself: tillsync.maintenance.vacuum-tables.)
ALTER TABLE webhook_audit SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                               autovacuum_vacuum_cost_delay = 0);
