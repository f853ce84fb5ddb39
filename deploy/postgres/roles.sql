-- Tillsync's least-privilege database roles: one login role per service, each owning only its own schema.
-- Run it as a superuser (or the database owner with CREATEROLE) in the service database, once before the first start
-- and again after upgrading Tillsync; it is idempotent and safe to run while the services run:
--
--   psql -v ON_ERROR_STOP=1 -d tillsync -f deploy/postgres/roles.sql
--   psql -d tillsync -c "ALTER ROLE tillsync_sync PASSWORD '...'"      -- one password per role, in production
--
-- deploy/stack.sh runs it on every 'up'; the tests run it in each fresh test database; docker-compose.yml's Postgres
-- runs it at its first start. Roles are cluster-wide, the rest is per database: several databases of one cluster
-- (parallel test runs, say) share the four roles, each database has its own schemas and grants.
--
--   role               owns (Flyway runs as it)   may also
--   tillsync_sync      sync, auth                 read poller.manual_sync (granted by poller-service's afterMigrate.sql)
--   tillsync_delivery  delivery                   read auth.api_key (tenant API keys)
--   tillsync_poller    poller                     read sync.poller_connection, auth.api_key
--   tillsync_intake    nothing                    read sync.intake_connection
--
-- The two views are granted by sync-service's migrations (db/sync/afterMigrate.sql) each time it starts, since they
-- may not exist yet when this runs; this script grants them too when they do.

SET client_min_messages = warning;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['tillsync_intake', 'tillsync_sync', 'tillsync_delivery', 'tillsync_poller'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created meanwhile by another run (roles are shared by the cluster's databases)
            END;
        END IF;
    END LOOP;
END
$$;

-- No role creates objects in public; each service works only in its own schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- One schema per service, owned by its role. A database first migrated by a superuser (before these roles existed)
-- is handed over: the schema and every table, view and sequence in it change owner.
DO $$
DECLARE
    s record;
    obj record;
BEGIN
    FOR s IN SELECT * FROM (VALUES ('sync', 'tillsync_sync'), ('auth', 'tillsync_sync'),
                                   ('delivery', 'tillsync_delivery'), ('poller', 'tillsync_poller')) AS t(name, owner) LOOP
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', s.name, s.owner);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.name, s.owner);
        FOR obj IN
            SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = s.name AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND pg_get_userbyid(c.relowner) <> s.owner
              -- sequences of identity or serial columns follow their table
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
        LOOP
            EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                    CASE obj.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                    s.name, obj.relname, s.owner);
        END LOOP;
    END LOOP;
END
$$;

-- Tenant API keys (auth.api_key, issued by sync-service) are read by delivery and poller.
GRANT USAGE ON SCHEMA auth TO tillsync_delivery, tillsync_poller;
GRANT SELECT ON ALL TABLES IN SCHEMA auth TO tillsync_delivery, tillsync_poller;
ALTER DEFAULT PRIVILEGES FOR ROLE tillsync_sync IN SCHEMA auth GRANT SELECT ON TABLES TO tillsync_delivery, tillsync_poller;

-- intake and poller read one view each of sync-service's schema, nothing else in it.
GRANT USAGE ON SCHEMA sync TO tillsync_intake, tillsync_poller;
DO $$
BEGIN
    IF to_regclass('sync.intake_connection') IS NOT NULL THEN
        GRANT SELECT ON sync.intake_connection TO tillsync_intake;
    END IF;
    IF to_regclass('sync.poller_connection') IS NOT NULL THEN
        GRANT SELECT ON sync.poller_connection TO tillsync_poller;
    END IF;
END
$$;
