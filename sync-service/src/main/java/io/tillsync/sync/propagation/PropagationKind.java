package io.tillsync.sync.propagation;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of change that propagate, the sync rule that governs each, and the content hash that recognises an echo:
 * the hash covers only what survives a round trip through another platform (availability, quantity, title and
 * SKU/price pairs), never ids, so the target's webhook about our write hashes the same as what we wrote.
 */
public enum PropagationKind {
    AVAILABILITY, INVENTORY, UPSERT, DELETE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PropagationKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    public static PropagationKind of(CatalogChange change) {
        Object c = change.getChange();
        if (c instanceof AvailabilityChange) {
            return AVAILABILITY;
        }
        if (c instanceof InventoryLevel) {
            return INVENTORY;
        }
        if (c instanceof ProductUpsert) {
            return UPSERT;
        }
        if (c instanceof ProductDelete) {
            return DELETE;
        }
        throw new IllegalArgumentException("unknown change " + c.getClass());
    }

    /** Whether a target connection with these rules takes this kind of change (creates vs updates is decided later). */
    public boolean allowedBy(TargetConnection target) {
        return switch (this) {
            case AVAILABILITY, INVENTORY -> target.propagateInventory();
            case UPSERT -> target.propagateCreates() || target.propagateUpdates();
            case DELETE -> target.propagateDeletes();
        };
    }

    /** SHA-256 of the round-trip-stable content of a change. */
    public static String contentHash(CatalogChange change) {
        Object c = change.getChange();
        String content;
        if (c instanceof AvailabilityChange a) {
            content = "availability|" + a.getAvailable();
        } else if (c instanceof InventoryLevel l) {
            content = "inventory|" + plain(l.getQuantity());
        } else if (c instanceof ProductUpsert u) {
            content = "upsert|" + u.getTitle() + "|" + u.getVariants().stream()
                    .map(v -> (v.getSku() == null ? "" : v.getSku()) + "=" + plain(v.getPrice()))
                    .sorted(Comparator.naturalOrder()).collect(Collectors.joining(","));
        } else {
            content = "delete";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.stripTrailingZeros().toPlainString();
    }

    static String firstSku(ProductUpsert u) {
        return u.getVariants().stream().map(Variant::getSku).filter(s -> s != null).findFirst().orElse(null);
    }
}
