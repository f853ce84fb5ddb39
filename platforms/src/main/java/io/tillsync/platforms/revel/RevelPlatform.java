package io.tillsync.platforms.revel;

import java.util.List;

/** Revel's constants: API hosts, the credential header and the order resource (shapes unconfirmed). */
public final class RevelPlatform {

    /**
     * Each establishment's API is {@code https://{subdomain}.revelup.com/resources/...}. Source:
     * developer.revelsystems.com/revelsystems/docs/how-to-make-an-api-call ("the Rest endpoint looks like
     * https://[yoursubdomain].revelup.com/resources/").
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("*.revelup.com");

    /** Credential header carrying {@code key:secret} (unconfirmed). */
    public static final String AUTH_HEADER = "API-AUTHENTICATION";
    public static final String ORDERS_PATH = "/resources/Order/";

    private RevelPlatform() {
    }
}
