package io.tillsync.platforms;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The platforms Tillsync connects to, and which of them are points of sale (sources of availability). The
 * lower-case {@link #id()} is the word used in URLs, on Kafka records and in the database.
 */
public enum Provider {
    SHOPIFY(true), SQUARE(true), CLOVER(true), TOAST(true), TRIPLESEAT(false), REVEL(false), STANDARD(false);

    private final boolean pos;

    Provider(boolean pos) {
        this.pos = pos;
    }

    /** Whether this platform is a point of sale that availability can be polled from. */
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
