package io.tillsync.platforms;

/**
 * The normalized status words of a {@link io.tillsync.avro.Sale}, whatever the POS: {@link #OPEN}, {@link #PAID},
 * {@link #COMPLETED}, {@link #CANCELED}, {@link #REFUNDED}, {@link #PARTIALLY_REFUNDED}. Each provider's sale mapper
 * says how its own states map onto them.
 */
public final class SaleStatus {

    public static final String OPEN = "OPEN";
    public static final String PAID = "PAID";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELED = "CANCELED";
    public static final String REFUNDED = "REFUNDED";
    public static final String PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED";

    private SaleStatus() {
    }
}
