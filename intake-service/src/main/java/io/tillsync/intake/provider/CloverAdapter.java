package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.platforms.clover.CloverWebhooks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Clover app webhooks at intake ({@link CloverWebhooks}): the static auth code of {@code X-Clover-Auth} (never copied
 * onto the record), the unsigned verification call answered 200, and an idempotency id built from the objects.
 */
@Component
public class CloverAdapter implements ProviderAdapter {

    @Override
    public String provider() {
        return Provider.CLOVER.id();
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(); // X-Clover-Auth is the secret itself
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return CloverWebhooks.verify(connection.secretsAt(now), headers.getFirst(CloverPlatform.AUTH_HEADER));
    }

    @Override
    public Optional<String> verificationCode(HttpHeaders headers, byte[] body) {
        return CloverWebhooks.verificationCode(headers.getFirst(CloverPlatform.AUTH_HEADER) != null, body);
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return CloverWebhooks.identity(body);
    }
}
