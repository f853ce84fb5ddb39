package io.tillsync.platforms.tripleseat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.json.PlatformJson;
import java.nio.charset.StandardCharsets;

/**
 * What a tripleseat connection's (decrypted) credential holds. OAuth 2.0, as TripleSeat documents it
 * (support.tripleseat.com "API Authentication", "OAuth 2.0 Implementation"): a JSON object
 * {@code {"client_id": ..., "client_secret": ..., "refresh_token": ...}}; the refresh token is the one the
 * authorization-code exchange gave (TripleSeat's documented flow), and without one the client-credentials grant is
 * asked for (unconfirmed that TripleSeat grants it). Anything that is not a JSON object is a ready access token
 * (sent as {@code Bearer}, never refreshed). {@link #toString()} shows no secret.
 */
public record TripleSeatCredentials(String clientId, String clientSecret, String refreshToken, String staticToken) {

    public static TripleSeatCredentials parse(String credential) {
        if (credential == null || credential.isBlank()) {
            return new TripleSeatCredentials(null, null, null, null);
        }
        String trimmed = credential.trim();
        if (!trimmed.startsWith("{")) {
            return new TripleSeatCredentials(null, null, null, trimmed);
        }
        JsonNode node;
        try {
            node = PlatformJson.object(trimmed.getBytes(StandardCharsets.UTF_8), "TripleSeat credential");
        } catch (PlatformDataException e) {
            throw new PlatformDataException("TripleSeat credential is not valid JSON");
        }
        String id = node.path("client_id").asText(null);
        String secret = node.path("client_secret").asText(null);
        if (id == null || secret == null) {
            throw new PlatformDataException("TripleSeat credential needs client_id and client_secret");
        }
        return new TripleSeatCredentials(id, secret, node.path("refresh_token").asText(null), null);
    }

    public boolean oauth() {
        return clientId != null;
    }

    /** The credential JSON with a rotated refresh token, for storing back (encrypted) on the connection. */
    public String withRefreshToken(String refresh) {
        return PlatformJson.newObject().put("client_id", clientId).put("client_secret", clientSecret)
                .put("refresh_token", refresh).toString();
    }

    /** The key a rate budget is kept under: TripleSeat's limit is per credential. */
    public String budgetKey() {
        return oauth() ? "client:" + clientId : "token:" + Integer.toHexString(String.valueOf(staticToken).hashCode());
    }

    @Override
    public String toString() {
        return "TripleSeatCredentials[" + (oauth() ? "oauth client " + clientId : "static token") + ", secrets hidden]";
    }
}
