package io.tillsync.platforms;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductDelete;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Whether one item can be sold, as a provider's availability rule decided it ({@code ToastAvailability},
 * {@code SquareAvailability}, {@code ShopifyAvailability}, {@code CloverItemMapper}), and the normalized changes that
 * say so. The status words are shared by every provider so the menu-items API reads the same whatever the POS:
 * {@link #IN_STOCK}, {@link #OUT_OF_STOCK}, {@link #SOLD_OUT}, {@link #HIDDEN}, {@link #UNAVAILABLE},
 * {@link #DELETED}, or the provider's own word where it has one (Toast's {@code QUANTITY}).
 *
 * <p>The rule every provider shares: an item deleted on its platform, or no longer listed by a full poll (ghost),
 * is unavailable <b>and</b> deleted: {@link #deleted} makes the ProductDelete and an AvailabilityChange
 * {@code available=false}, status {@code DELETED}, for the item and every variant id the source names.
 */
public record ItemAvailability(boolean available, String status) {

    public static final String IN_STOCK = "IN_STOCK";
    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String SOLD_OUT = "SOLD_OUT";
    public static final String HIDDEN = "HIDDEN";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String DELETED = "DELETED";

    public static ItemAvailability available(String status) {
        return new ItemAvailability(true, status);
    }

    public static ItemAvailability unavailable(String status) {
        return new ItemAvailability(false, status);
    }

    /** The AvailabilityChange of {@code itemId}; the discriminator keeps change ids deterministic per version. */
    public CatalogChange change(ChangeSource source, String itemId, Instant at, String discriminator, String name) {
        return source.change(itemId, at, discriminator, AvailabilityChange.newBuilder().setAvailable(available)
                .setName(name).setStatus(status).build());
    }

    /**
     * An item that is gone (reason {@code deleted}, {@code ghost}, ...): its ProductDelete, then
     * {@code available=false} / {@code DELETED} for the item and for each of {@code variantIds} (the ids a provider
     * keys availability by when it sells variants). {@code version} makes the ids deterministic; the same deletion
     * read twice gives the same ids.
     */
    public static List<CatalogChange> deleted(ChangeSource source, String itemId, List<String> variantIds, Instant at,
            String version, String reason) {
        List<CatalogChange> changes = new ArrayList<>(2 + variantIds.size());
        changes.add(source.change(itemId, at, "delete:" + version, ProductDelete.newBuilder().setReason(reason).build()));
        LinkedHashSet<String> subjects = new LinkedHashSet<>();
        subjects.add(itemId);
        subjects.addAll(variantIds);
        ItemAvailability gone = unavailable(DELETED);
        for (String subject : subjects) {
            changes.add(gone.change(source, subject, at, "unavailable:" + version, null));
        }
        return changes;
    }
}
