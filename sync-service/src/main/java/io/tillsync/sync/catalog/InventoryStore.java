package io.tillsync.sync.catalog;

import io.tillsync.kit.db.Binds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Writes {@code sync.inventory_level} with last-writer-wins on source time (ties: larger change id). As for menu
 * items, re-applying the winning change returns the row again with the same previous quantity, so events derived
 * from it are identical on redelivery.
 */
@Repository
public class InventoryStore {

    private final DatabaseClient db;

    public InventoryStore(DatabaseClient db) {
        this.db = db;
    }

    /** Applies one level; empty when a newer change is already stored. */
    public Mono<AppliedInventory> apply(InventoryUpdate u, BigDecimal defaultThreshold) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO inventory_level AS l (tenant, provider, item_id, variant_id, location_id, connection_id,
                    quantity, previous_quantity, state, source_time, change_id, updated_at)
                VALUES (:tenant, :provider, :item, :variant, :location, :connection, :quantity, NULL, :state,
                    :sourceTime, :changeId, now())
                ON CONFLICT (tenant, provider, item_id, variant_id, location_id) DO UPDATE SET
                    previous_quantity = CASE WHEN l.change_id = excluded.change_id THEN l.previous_quantity
                                             ELSE l.quantity END,
                    quantity = excluded.quantity, state = excluded.state, connection_id = excluded.connection_id,
                    source_time = excluded.source_time, change_id = excluded.change_id, updated_at = now()
                WHERE excluded.source_time > l.source_time
                   OR (excluded.source_time = l.source_time AND excluded.change_id >= l.change_id)
                RETURNING l.quantity, l.previous_quantity, COALESCE(l.low_stock_threshold, :threshold) AS threshold""")
                .bind("tenant", u.tenant()).bind("provider", u.provider()).bind("item", u.itemId())
                .bind("variant", u.variantId()).bind("location", u.locationId()).bind("connection", u.connectionId())
                .bind("quantity", u.quantity().setScale(4, RoundingMode.HALF_EVEN))
                .bind("sourceTime", u.sourceTime()).bind("changeId", u.changeId())
                .bind("threshold", defaultThreshold.setScale(4, RoundingMode.HALF_EVEN));
        return Binds.nullable(spec, "state", u.state(), String.class)
                .map(row -> new AppliedInventory(u, row.get("quantity", BigDecimal.class),
                        row.get("previous_quantity", BigDecimal.class), row.get("threshold", BigDecimal.class)))
                .one();
    }
}
