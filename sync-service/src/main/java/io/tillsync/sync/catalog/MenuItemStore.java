package io.tillsync.sync.catalog;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * Reads and writes {@code sync.menu_item}. A whole batch of availability updates is applied with ONE statement: the
 * updates travel as parallel arrays, {@code unnest} turns them into rows, and {@code INSERT ... ON CONFLICT DO UPDATE
 * ... WHERE} keeps last-writer-wins (newer source time; equal time → larger change id). Re-applying the winning
 * change itself rewrites the same values and returns the row again, so a redelivered batch re-emits the same
 * (deterministic) events instead of losing them.
 */
@Repository
public class MenuItemStore {

    private static final String UPSERT = """
            INSERT INTO menu_item AS m (tenant, provider, external_id, connection_id, name, is_available,
                previous_available, status, availability_updated_at, source_time, change_id, updated_at)
            SELECT t.tenant, t.provider, t.external_id, t.connection_id, t.name, t.is_available, NULL, t.status,
                   timestamptz 'epoch' + t.source_ms * interval '1 millisecond',
                   timestamptz 'epoch' + t.source_ms * interval '1 millisecond', t.change_id, now()
            FROM unnest(CAST(:tenant AS text[]), CAST(:provider AS text[]), CAST(:externalId AS text[]),
                        CAST(:connectionId AS text[]), CAST(:name AS text[]), CAST(:available AS boolean[]),
                        CAST(:status AS text[]), CAST(:sourceMs AS bigint[]), CAST(:changeId AS text[]))
                 AS t(tenant, provider, external_id, connection_id, name, is_available, status, source_ms, change_id)
            ON CONFLICT (tenant, provider, external_id) DO UPDATE SET
                connection_id = excluded.connection_id,
                name = COALESCE(excluded.name, m.name),
                previous_available = CASE WHEN m.change_id = excluded.change_id THEN m.previous_available
                                          ELSE m.is_available END,
                is_available = excluded.is_available,
                status = excluded.status,
                availability_updated_at = CASE WHEN m.change_id = excluded.change_id
                                                 OR m.is_available = excluded.is_available
                                               THEN m.availability_updated_at ELSE excluded.source_time END,
                source_time = excluded.source_time,
                change_id = excluded.change_id,
                updated_at = now()
            WHERE excluded.source_time > m.source_time
               OR (excluded.source_time = m.source_time AND excluded.change_id >= m.change_id)
            RETURNING m.tenant, m.provider, m.external_id, m.connection_id, m.name, m.is_available,
                      m.previous_available, m.availability_updated_at, m.change_id""";

    private final DatabaseClient db;

    public MenuItemStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Applies updates (at most one per row: the caller keeps each row's newest) and returns the rows whose winning
     * change is one of them. Updates that lost to a newer stored change return nothing.
     */
    public Flux<AppliedAvailability> apply(List<AvailabilityUpdate> updates) {
        if (updates.isEmpty()) {
            return Flux.empty();
        }
        int n = updates.size();
        String[] tenant = new String[n];
        String[] provider = new String[n];
        String[] externalId = new String[n];
        String[] connectionId = new String[n];
        String[] name = new String[n];
        Boolean[] available = new Boolean[n];
        String[] status = new String[n];
        Long[] sourceMs = new Long[n];
        String[] changeId = new String[n];
        for (int i = 0; i < n; i++) {
            AvailabilityUpdate u = updates.get(i);
            tenant[i] = u.tenant();
            provider[i] = u.provider();
            externalId[i] = u.externalId();
            connectionId[i] = u.connectionId();
            name[i] = u.name();
            available[i] = u.available();
            status[i] = u.status();
            sourceMs[i] = u.sourceTime().toEpochMilli();
            changeId[i] = u.changeId();
        }
        return db.sql(UPSERT).bind("tenant", tenant).bind("provider", provider).bind("externalId", externalId)
                .bind("connectionId", connectionId).bind("name", name).bind("available", available)
                .bind("status", status).bind("sourceMs", sourceMs).bind("changeId", changeId)
                .map(row -> new AppliedAvailability(row.get("tenant", String.class), row.get("provider", String.class),
                        row.get("external_id", String.class), row.get("connection_id", String.class),
                        row.get("name", String.class), Boolean.TRUE.equals(row.get("is_available", Boolean.class)),
                        row.get("previous_available", Boolean.class), instant(row, "availability_updated_at"),
                        row.get("change_id", String.class)))
                .all();
    }

    /** The tenant's items, optionally only available or only unavailable ones, in a stable order. */
    public Flux<MenuItem> list(String tenant, Boolean available) {
        GenericExecuteSpec spec = db.sql("""
                SELECT provider, external_id, connection_id, name, is_available, status, availability_updated_at,
                       source_time
                FROM menu_item WHERE tenant = :tenant"""
                + (available == null ? "" : " AND is_available = :available")
                + " ORDER BY provider, external_id").bind("tenant", tenant);
        if (available != null) {
            spec = spec.bind("available", available);
        }
        return spec.map(row -> MenuItem.of(row.get("provider", String.class), row.get("external_id", String.class),
                row.get("connection_id", String.class), row.get("name", String.class),
                Boolean.TRUE.equals(row.get("is_available", Boolean.class)), row.get("status", String.class),
                instant(row, "availability_updated_at"), instant(row, "source_time"))).all();
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
