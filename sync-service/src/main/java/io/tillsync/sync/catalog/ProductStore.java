package io.tillsync.sync.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import io.tillsync.kit.db.Binds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes {@code sync.product} and {@code sync.product_variant}: products keyed by (tenant, source system, source id),
 * variants by (tenant, source system, source id, variant id), last-writer-wins on the product's source time. A
 * delete is soft: the product and its variants get {@code deleted_at}; a delete that arrives before the product is
 * kept as a tombstone so an older upsert cannot bring the product back. An upsert soft-deletes the variants it no
 * longer lists.
 */
@Repository
public class ProductStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatabaseClient db;

    public ProductStore(DatabaseClient db) {
        this.db = db;
    }

    /** Tillsync's id of a product: the same natural key always gives the same id. */
    public static UUID productId(String tenant, String sourceSystem, String sourceId) {
        return UUID.nameUUIDFromBytes(("product|" + tenant + "|" + sourceSystem + "|" + sourceId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Applies an upsert; empty when a newer change of the product is stored. {@code contentHash} is the hash of what
     * propagation would write elsewhere; the answer tells whether it differs from what the product held before.
     */
    public Mono<AppliedProduct> upsert(CatalogChange change, ProductUpsert upsert, String contentHash) {
        UUID id = productId(change.getTenant(), change.getProvider(), change.getItemId());
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO product AS p (id, tenant, source_system, source_id, connection_id, title, status, hidden,
                    extras, deleted_at, delete_reason, was_live, content_hash, previous_content_hash, source_time,
                    change_id, updated_at)
                VALUES (:id, :tenant, :source, :sourceId, :connection, :title, :status, :hidden, CAST(:extras AS jsonb),
                    NULL, NULL, false, :contentHash, NULL, :sourceTime, :changeId, now())
                ON CONFLICT (tenant, source_system, source_id) DO UPDATE SET
                    was_live = CASE WHEN p.change_id = excluded.change_id THEN p.was_live ELSE p.deleted_at IS NULL END,
                    previous_content_hash = CASE WHEN p.change_id = excluded.change_id THEN p.previous_content_hash
                                                 ELSE p.content_hash END,
                    content_hash = excluded.content_hash,
                    connection_id = excluded.connection_id, title = excluded.title, status = excluded.status,
                    hidden = excluded.hidden, extras = excluded.extras, deleted_at = NULL, delete_reason = NULL,
                    source_time = excluded.source_time, change_id = excluded.change_id, updated_at = now()
                WHERE excluded.source_time > p.source_time
                   OR (excluded.source_time = p.source_time AND excluded.change_id >= p.change_id)
                RETURNING p.id, p.was_live, p.previous_content_hash""")
                .bind("id", id).bind("tenant", change.getTenant()).bind("source", change.getProvider())
                .bind("sourceId", change.getItemId()).bind("connection", change.getConnectionId())
                .bind("title", upsert.getTitle()).bind("hidden", upsert.getHidden())
                .bind("extras", json(upsert.getExtras())).bind("sourceTime", change.getSourceTime())
                .bind("changeId", change.getChangeId()).bind("contentHash", contentHash);
        spec = Binds.nullable(spec, "status", upsert.getStatus(), String.class);
        return spec.map(row -> {
                    boolean wasLive = Boolean.TRUE.equals(row.get("was_live", Boolean.class));
                    return new AppliedProduct(change, id, false, wasLive, upsert.getTitle(), upsert.getVariants(),
                            !wasLive || !contentHash.equals(row.get("previous_content_hash", String.class)));
                }).one()
                .flatMap(applied -> Flux.fromIterable(upsert.getVariants())
                        .concatMap(v -> upsertVariant(change, id, v))
                        .then(retireOtherVariants(change, id, upsert.getVariants()))
                        .thenReturn(applied));
    }

    /** Applies a delete; empty when a newer change of the product is stored. */
    public Mono<AppliedProduct> delete(CatalogChange change, ProductDelete delete) {
        UUID id = productId(change.getTenant(), change.getProvider(), change.getItemId());
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO product AS p (id, tenant, source_system, source_id, connection_id, title, deleted_at,
                    delete_reason, was_live, source_time, change_id, updated_at)
                VALUES (:id, :tenant, :source, :sourceId, :connection, NULL, :sourceTime, :reason, false, :sourceTime,
                    :changeId, now())
                ON CONFLICT (tenant, source_system, source_id) DO UPDATE SET
                    was_live = CASE WHEN p.change_id = excluded.change_id THEN p.was_live ELSE p.deleted_at IS NULL END,
                    deleted_at = CASE WHEN p.change_id = excluded.change_id THEN p.deleted_at ELSE excluded.deleted_at END,
                    delete_reason = excluded.delete_reason, connection_id = excluded.connection_id,
                    source_time = excluded.source_time, change_id = excluded.change_id, updated_at = now()
                WHERE excluded.source_time > p.source_time
                   OR (excluded.source_time = p.source_time AND excluded.change_id >= p.change_id)
                RETURNING p.id, p.was_live, p.title""")
                .bind("id", id).bind("tenant", change.getTenant()).bind("source", change.getProvider())
                .bind("sourceId", change.getItemId()).bind("connection", change.getConnectionId())
                .bind("sourceTime", change.getSourceTime()).bind("changeId", change.getChangeId());
        spec = Binds.nullable(spec, "reason", delete.getReason(), String.class);
        return spec.map(row -> {
                    boolean wasLive = Boolean.TRUE.equals(row.get("was_live", Boolean.class));
                    return new AppliedProduct(change, id, true, wasLive, row.get("title", String.class), List.of(), wasLive);
                }).one()
                .flatMap(applied -> db.sql("""
                                UPDATE product_variant SET deleted_at = :at, updated_at = now()
                                WHERE product_id = :id AND deleted_at IS NULL""")
                        .bind("at", change.getSourceTime()).bind("id", id).then().thenReturn(applied));
    }

    private Mono<Void> upsertVariant(CatalogChange change, UUID productId, Variant v) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO product_variant (tenant, source_system, source_id, variant_id, product_id, title, sku,
                    price, cost, currency, deleted_at, updated_at)
                VALUES (:tenant, :source, :sourceId, :variant, :product, :title, :sku, :price, :cost, :currency, NULL,
                    now())
                ON CONFLICT (tenant, source_system, source_id, variant_id) DO UPDATE SET
                    title = excluded.title, sku = excluded.sku, price = excluded.price, cost = excluded.cost,
                    currency = excluded.currency, deleted_at = NULL, updated_at = now()""")
                .bind("tenant", change.getTenant()).bind("source", change.getProvider())
                .bind("sourceId", change.getItemId()).bind("variant", v.getVariantId()).bind("product", productId);
        spec = Binds.nullable(spec, "title", v.getTitle(), String.class);
        spec = Binds.nullable(spec, "sku", v.getSku(), String.class);
        spec = Binds.nullable(spec, "price", scale(v.getPrice()), BigDecimal.class);
        spec = Binds.nullable(spec, "cost", scale(v.getCost()), BigDecimal.class);
        spec = Binds.nullable(spec, "currency", v.getCurrency(), String.class);
        return spec.then();
    }

    private Mono<Void> retireOtherVariants(CatalogChange change, UUID productId, List<Variant> kept) {
        String[] ids = kept.stream().map(Variant::getVariantId).toArray(String[]::new);
        return db.sql("""
                        UPDATE product_variant SET deleted_at = :at, updated_at = now()
                        WHERE product_id = :id AND deleted_at IS NULL AND NOT (variant_id = ANY(CAST(:kept AS text[])))""")
                .bind("at", change.getSourceTime()).bind("id", productId).bind("kept", ids).then();
    }

    private static BigDecimal scale(BigDecimal d) {
        return d == null ? null : d.setScale(4, RoundingMode.HALF_EVEN);
    }

    private static String json(java.util.Map<String, String> extras) {
        try {
            return JSON.writeValueAsString(extras == null ? java.util.Map.of() : extras);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
