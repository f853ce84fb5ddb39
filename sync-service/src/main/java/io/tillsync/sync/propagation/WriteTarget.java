package io.tillsync.sync.propagation;

import io.tillsync.platforms.ApiTarget;
import java.util.Map;

/**
 * Where and as whom a writer calls a platform: the connection's {@code api_base_url}, its decrypted API token and
 * its settings (for example {@code location_id}).
 */
public record WriteTarget(String connectionId, String baseUrl, String token, Map<String, String> settings) {

    public WriteTarget {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The platform API location and token as the platforms clients take them. */
    public ApiTarget api() {
        return new ApiTarget(baseUrl, token);
    }

    public String setting(String name) {
        return settings.get(name);
    }

    @Override
    public String toString() {
        return "WriteTarget[" + connectionId + ", " + baseUrl + ", token hidden]";
    }
}
