package io.tillsync.sync.sales;

import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * {@code sync.sale} and {@code sync.sale_refund}: what was published of each POS sale. {@link #record} is one
 * atomic statement (insert, or raise the version) so two webhooks of one order handled at once cannot both win.
 */
@Repository
public class SaleStore {

    /** What recording a snapshot did: first sight, a newer version (with the status it had), or nothing. */
    public record Recorded(boolean created, String previousStatus) {
    }

    private final DatabaseClient db;

    public SaleStore(DatabaseClient db) {
        this.db = db;
    }

    /** Records the snapshot if it is the first or newer than the stored one; empty when it is a duplicate or older. */
    public Mono<Recorded> record(String tenant, String provider, String saleId, String connectionId, long version,
            String status) {
        return db.sql("""
                INSERT INTO sale AS s (tenant, provider, sale_id, connection_id, version, status, previous_status)
                VALUES (:tenant, :provider, :saleId, :connectionId, :version, :status, NULL)
                ON CONFLICT (tenant, provider, sale_id) DO UPDATE SET
                    version = excluded.version, status = excluded.status, previous_status = s.status,
                    connection_id = excluded.connection_id, updated_at = now()
                WHERE excluded.version > s.version
                RETURNING (xmax = 0) AS created, previous_status""")
                .bind("tenant", tenant).bind("provider", provider).bind("saleId", saleId)
                .bind("connectionId", connectionId).bind("version", version).bind("status", status)
                .map(row -> new Recorded(Boolean.TRUE.equals(row.get("created", Boolean.class)),
                        row.get("previous_status", String.class)))
                .one();
    }

    /** Records a refund; true the first time, false for a refund already recorded. */
    public Mono<Boolean> recordRefund(String tenant, String provider, String refundId, String saleId) {
        return db.sql("""
                INSERT INTO sale_refund (tenant, provider, refund_id, sale_id) VALUES (:tenant, :provider, :refundId, :saleId)
                ON CONFLICT DO NOTHING""")
                .bind("tenant", tenant).bind("provider", provider).bind("refundId", refundId).bind("saleId", saleId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The last status published for a sale, if any. */
    public Mono<Optional<String>> status(String tenant, String provider, String saleId) {
        return db.sql("SELECT status FROM sale WHERE tenant = :tenant AND provider = :provider AND sale_id = :saleId")
                .bind("tenant", tenant).bind("provider", provider).bind("saleId", saleId)
                .map(row -> row.get("status", String.class)).one().map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }
}
