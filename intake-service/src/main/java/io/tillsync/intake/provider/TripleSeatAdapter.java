package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.tripleseat.TripleSeatPlatform;
import io.tillsync.platforms.tripleseat.TripleSeatWebhooks;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** TripleSeat webhooks at intake, checked and identified by {@link TripleSeatWebhooks} (all of it unconfirmed). */
@Component
public class TripleSeatAdapter implements ProviderAdapter {

    @Override
    public String provider() {
        return Provider.TRIPLESEAT.id();
    }

    @Override
    public List<String> keptHeaders() {
        return TripleSeatPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return TripleSeatWebhooks.verify(connection.secretsAt(now), headers.getFirst(TripleSeatPlatform.SIGNATURE_HEADER),
                body);
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return TripleSeatWebhooks.identity(body);
    }
}
