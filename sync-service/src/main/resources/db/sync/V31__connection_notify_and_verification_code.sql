-- Every change of a connection is announced on channel tillsync_connection (payload "tenant:id"): intake-service
-- drops its cached copy at once on every replica (ConnectionDirectory), so disabling a connection, rotating its
-- secret or revoking the previous secret applies to the next webhook instead of after the 30 s cache refresh.
CREATE OR REPLACE FUNCTION notify_connection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tillsync_connection', COALESCE(NEW.tenant, OLD.tenant) || ':' || COALESCE(NEW.id, OLD.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER connection_notify AFTER INSERT OR UPDATE OR DELETE ON connection
    FOR EACH ROW EXECUTE FUNCTION notify_connection();

-- The last Clover verification code received for the connection (control characters escaped, cut to 64), for the
-- operator: GET .../connections/{id} shows it.
ALTER TABLE connection ADD COLUMN verification_code text, ADD COLUMN verification_code_at timestamptz;
