package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.toast.ToastPlatform;
import io.tillsync.platforms.toast.ToastWebhooks;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Toast webhooks at intake, checked and identified by {@link ToastWebhooks} (signed timestamp unconfirmed). */
@Component
public class ToastAdapter implements ProviderAdapter {

    @Override
    public String provider() {
        return Provider.TOAST.id();
    }

    @Override
    public List<String> keptHeaders() {
        return ToastPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return ToastWebhooks.verify(connection.secretsAt(now), headers.getFirst(ToastPlatform.SIGNATURE_HEADER),
                headers.getFirst(ToastPlatform.TIMESTAMP_HEADER), body);
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return ToastWebhooks.identity(body);
    }
}
