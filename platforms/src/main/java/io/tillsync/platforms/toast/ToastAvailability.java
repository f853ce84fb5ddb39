package io.tillsync.platforms.toast;

import io.tillsync.platforms.ItemAvailability;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Toast's availability rule, for stock webhooks and the stock API alike (doc.toasttab.com "Getting stock information
 * using the stock API" and the stock webhook reference): status {@code OUT_OF_STOCK} → unavailable; status
 * {@code QUANTITY} with a quantity of zero or below → unavailable (Toast turns such an item out of stock itself);
 * {@code QUANTITY} above zero, {@code IN_STOCK}, or an item the stock API no longer lists → available. A webhook
 * that carries no status is read by its event type ({@code out_of_stock}, {@code low_quantity}, {@code in_stock}).
 */
public final class ToastAvailability {

    public static final String STATUS_OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String STATUS_QUANTITY = "QUANTITY";
    public static final String STATUS_IN_STOCK = "IN_STOCK";

    private ToastAvailability() {
    }

    /**
     * @param status   Toast's status word (any case); null reads as {@code IN_STOCK}
     * @param quantity the item's remaining quantity when Toast states one; null otherwise
     */
    public static ItemAvailability of(String status, BigDecimal quantity) {
        String s = status == null ? STATUS_IN_STOCK : status.toUpperCase(Locale.ROOT);
        boolean out = STATUS_OUT_OF_STOCK.equals(s)
                || (STATUS_QUANTITY.equals(s) && quantity != null && quantity.signum() <= 0);
        return new ItemAvailability(!out, s);
    }

    /** The status a stock webhook stands for when its details carry none. */
    public static String statusOfEvent(String eventType) {
        return switch (eventType) {
            case ToastPlatform.EVENT_OUT_OF_STOCK -> STATUS_OUT_OF_STOCK;
            case ToastPlatform.EVENT_LOW_QUANTITY -> STATUS_QUANTITY;
            default -> STATUS_IN_STOCK;
        };
    }
}
