package io.tillsync.sync.connection;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * Body of create ({@code POST}) and update ({@code PATCH}) of a connection. On update every field is optional and
 * a missing one keeps its value. {@code webhookSecret} and {@code apiToken} are write-only: stored encrypted and
 * never returned.
 */
@Schema(example = """
        {"provider":"square","account":"MLQW9K2Z8C1V4","name":"Main street store","webhookSecret":"whsec-from-the-dashboard",
         "apiToken":"EAAAl-access-token","settings":{"location_id":"L8XK7Y2N1B"},"propagateInventory":true}""")
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionRequest(String provider, String account, String name, String webhookSecret, String apiToken,
        String apiBaseUrl, Map<String, Object> settings, String status, Boolean realtimeSyncEnabled,
        Boolean propagateCreates, Boolean propagateUpdates, Boolean propagateDeletes, Boolean propagateInventory) {

    @Override
    public String toString() {
        return "ConnectionRequest[provider=" + provider + ", account=" + account + ", secrets hidden]";
    }
}
