package io.tillsync.platforms;

import io.tillsync.platforms.http.PlatformCallException;
import java.net.URI;

/**
 * Where and as whom to call a platform's API for one connection: the connection's {@code api_base_url} (or the
 * provider's production URL) without a trailing slash, and its decrypted token (null when it has none or it could
 * not be decrypted).
 */
public record ApiTarget(String baseUrl, String token) {

    public ApiTarget {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new PlatformCallException("the connection has no API base URL", false, 0);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The token, or a permanent failure naming the call that needed it. */
    public String requireToken(String what) {
        if (token == null || token.isBlank()) {
            throw new PlatformCallException(what + ": the connection has no API token", false, 0);
        }
        return token;
    }

    /** {@code baseUrl + path}; {@code path} starts with a slash and is already encoded. */
    public URI uri(String path) {
        try {
            return URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new PlatformCallException("the connection's API base URL is not a URL", false, 0);
        }
    }

    @Override
    public String toString() {
        return "ApiTarget[" + baseUrl + ", token hidden]";
    }
}
