-- Runs after every migration (Flyway callback): sync-service reads the manual-sync progress poller-service records
-- (GET /api/clients/{slug}/sync-availability/{requestId}); deploy/postgres/roles.sql creates the roles, and without
-- them (a superuser-only setup) nothing is granted.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tillsync_sync') THEN
        GRANT USAGE ON SCHEMA poller TO tillsync_sync;
        GRANT SELECT ON manual_sync TO tillsync_sync;
    END IF;
END
$$;
