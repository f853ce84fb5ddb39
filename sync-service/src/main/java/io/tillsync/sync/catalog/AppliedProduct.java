package io.tillsync.sync.catalog;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.Variant;
import java.util.List;
import java.util.UUID;

/**
 * A product change that won last-writer-wins. {@code wasLive} says whether the product existed undeleted before the
 * change: an upsert is then {@code product.updated}, else {@code product.created}; a delete of a live product is
 * {@code product.deleted} (deleting what is already gone emits nothing). {@code contentChanged} says whether what
 * propagation writes elsewhere (title, SKU/price pairs; a delete of a live product) changed: an upsert that only
 * repeats the stored content is applied but not propagated, which is what stops a platform's re-sent state or the
 * echo of a status write from travelling back.
 */
public record AppliedProduct(CatalogChange change, UUID productId, boolean deleted, boolean wasLive, String title,
        List<Variant> variants, boolean contentChanged) {

    /** The platform event type due, or null when none is. */
    public String eventType() {
        if (deleted) {
            return wasLive ? "product.deleted" : null;
        }
        return wasLive ? "product.updated" : "product.created";
    }
}
