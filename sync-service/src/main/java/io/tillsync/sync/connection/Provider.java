package io.tillsync.sync.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The platforms a connection can point at, and which of them are points of sale (sources of availability). */
public enum Provider {
    SHOPIFY(true), SQUARE(true), CLOVER(true), TOAST(true), TRIPLESEAT(false), REVEL(false), STANDARD(false);

    private final boolean pos;

    Provider(boolean pos) {
        this.pos = pos;
    }

    /** Whether a manual availability sync can poll this platform (clover, square, toast, shopify). */
    public boolean pos() {
        return pos;
    }

    /** The lower-case id used in URLs, topics and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Provider> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }
}
