package io.tillsync.sync.inbound;

/**
 * Where and as whom to call a provider's API for one connection: the connection's {@code api_base_url} (or the
 * provider's production URL) and its decrypted API token.
 */
public record ProviderApiTarget(String baseUrl, String token) {

    public ProviderApiTarget {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The token, or a permanent failure when the connection has none. */
    public String requireToken(String provider) {
        if (token == null) {
            throw new UnprocessableEventException(provider + " connection has no API token to fetch with");
        }
        return token;
    }

    @Override
    public String toString() {
        return "ProviderApiTarget[" + baseUrl + ", token hidden]";
    }
}
