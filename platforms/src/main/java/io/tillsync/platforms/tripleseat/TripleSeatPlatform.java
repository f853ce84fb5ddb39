package io.tillsync.platforms.tripleseat;

import java.util.List;

/** TripleSeat's constants: webhook header and triggers, API host and documented limits. */
public final class TripleSeatPlatform {

    /**
     * The REST API ({@code https://api.tripleseat.com/v1/...}). Source: support.tripleseat.com "API Events Endpoint"
     * (article 212171807), as summarized by api-evangelist's tripleseat rate-limits record; the host itself is
     * unconfirmed from a page of TripleSeat's that we could read in full.
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("api.tripleseat.com");
    public static final String DEFAULT_BASE_URL = "https://api.tripleseat.com";

    /** (unconfirmed) hex(HMAC-SHA256(secret, raw body)). */
    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final List<String> KEPT_HEADERS = List.of("x-signature");

    public static final String TRIGGER_CREATE_EVENT = "CREATE_EVENT";
    public static final String TRIGGER_UPDATE_EVENT = "UPDATE_EVENT";
    public static final String TRIGGER_DELETE_EVENT = "DELETE_EVENT";
    /** The triggers that may need an order. */
    public static final List<String> ORDER_TRIGGERS = List.of(TRIGGER_CREATE_EVENT, TRIGGER_UPDATE_EVENT);

    /** support.tripleseat.com: events and leads endpoints allow 10 requests/s per credential; lists page 50. */
    public static final int REQUESTS_PER_SECOND = 10;
    public static final int PAGE_SIZE = 50;

    private TripleSeatPlatform() {
    }
}
