-- The delivery queue churns: each delivery is inserted, leased and finished (three row versions) within seconds, and
-- claims walk the delivery_due index. Vacuum it once 1% of its rows are dead (not the default 20%) and without cost
-- throttling, so claims do not wade through dead versions. (Where the server runs with autovacuum off, the service
-- vacuums these tables itself: tillsync.maintenance.vacuum-tables.)
ALTER TABLE delivery SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                          autovacuum_vacuum_cost_delay = 0);
ALTER TABLE endpoint SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 100,
                          autovacuum_vacuum_cost_delay = 0);
