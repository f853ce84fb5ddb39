-- Every change of a key is announced on channel tillsync_api_key (payload: the tenant), so each replica of each
-- service drops its cached key resolutions at once instead of after their 30 s lifetime (ChangeNotifications).
CREATE OR REPLACE FUNCTION notify_api_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tillsync_api_key', COALESCE(NEW.tenant, OLD.tenant));
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS api_key_notify ON api_key;
CREATE TRIGGER api_key_notify AFTER INSERT OR UPDATE OR DELETE ON api_key
    FOR EACH ROW EXECUTE FUNCTION notify_api_key();
