package io.tillsync.platforms.clover;

/**
 * Where and as whom to call Clover for one merchant: the connection's {@code api_base_url} (or
 * {@link CloverPlatform#DEFAULT_BASE_URL}), the merchant id and the merchant's decrypted bearer token.
 */
public record CloverTarget(String baseUrl, String merchantId, String token) {

    public CloverTarget {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public String toString() {
        return "CloverTarget[" + baseUrl + ", merchant " + merchantId + ", token hidden]";
    }
}
