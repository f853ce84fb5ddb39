package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection ready for outbound API calls: where the platform's API is and the token in clear (decrypted from
 * {@code api_token_enc} with the kit's SecretBox). {@link #toString()} never shows the token.
 *
 * @param account  platform account id (Revel establishment, TripleSeat site)
 * @param settings the connection's {@code settings} JSON (never null)
 */
public record PlatformAccount(String connectionId, String tenant, String provider, String account, String baseUrl,
        String token, JsonNode settings) {

    @Override
    public String toString() {
        return "PlatformAccount[" + connectionId + ", tenant=" + tenant + ", provider=" + provider + "]";
    }
}
