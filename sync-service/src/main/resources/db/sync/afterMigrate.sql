-- Runs after every migration (Flyway callback): the read views other services use are granted to their roles
-- (deploy/postgres/roles.sql creates the roles; without them, e.g. a superuser-only setup, nothing is granted).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tillsync_intake') THEN
        GRANT SELECT ON intake_connection TO tillsync_intake;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tillsync_poller') THEN
        GRANT SELECT ON poller_connection TO tillsync_poller;
    END IF;
END
$$;
