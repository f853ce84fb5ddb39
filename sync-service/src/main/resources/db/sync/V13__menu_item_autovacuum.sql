-- Menu items are upserted at the rate of availability changes: vacuum the table once 1% of its rows are dead (not
-- the default 20%), without cost throttling. (Where the server runs with autovacuum off, the service vacuums it
-- itself: tillsync.maintenance.vacuum-tables.)
ALTER TABLE menu_item SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                           autovacuum_vacuum_cost_delay = 0);
