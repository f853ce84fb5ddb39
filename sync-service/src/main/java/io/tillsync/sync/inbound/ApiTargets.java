package io.tillsync.sync.inbound;

import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.platforms.square.SquarePlatform;
import io.tillsync.platforms.toast.ToastPlatform;
import io.tillsync.sync.connection.Connection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where a connection's platform API is and as whom: its own base URL, else the provider's default (Square, Clover,
 * Toast; a Shopify shop has none), with the decrypted token. Null when there is no location, so a fetch for it fails
 * permanently.
 */
@Component
public class ApiTargets {

    private static final Logger log = LoggerFactory.getLogger(ApiTargets.class);
    private static final Map<String, String> DEFAULT_API_BASE_URLS = Map.of(
            "square", SquarePlatform.DEFAULT_BASE_URL, "clover", CloverPlatform.DEFAULT_BASE_URL,
            "toast", ToastPlatform.DEFAULT_BASE_URL);

    private final SecretBox secrets;

    public ApiTargets(SecretBox secrets) {
        this.secrets = secrets;
    }

    public ApiTarget of(Connection c) {
        String base = c.apiBaseUrl() != null ? c.apiBaseUrl() : DEFAULT_API_BASE_URLS.get(c.provider());
        if (base == null || base.isBlank()) {
            return null;
        }
        try {
            return new ApiTarget(base, secrets.decrypt(c.apiTokenEnc(), SecretField.CONNECTION_API_TOKEN.at(c.id())));
        } catch (RuntimeException e) {
            log.warn("API token of connection {} cannot be decrypted; fetches for it will fail", c.id());
            return new ApiTarget(base, null);
        }
    }
}
