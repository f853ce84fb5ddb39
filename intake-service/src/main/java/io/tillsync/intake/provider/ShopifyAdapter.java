package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.shopify.ShopifyPlatform;
import io.tillsync.platforms.shopify.ShopifyWebhooks;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Shopify webhooks at intake: the headers it reads, checked and identified by {@link ShopifyWebhooks}. */
@Component
public class ShopifyAdapter implements ProviderAdapter {

    @Override
    public String provider() {
        return Provider.SHOPIFY.id();
    }

    @Override
    public List<String> keptHeaders() {
        return ShopifyPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return ShopifyWebhooks.verify(connection.secretsAt(now), headers.getFirst(ShopifyPlatform.SIGNATURE_HEADER), body);
    }

    @Override
    public boolean identifiesFromHeaders() {
        return true;
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return ShopifyWebhooks.identity(headers.getFirst(ShopifyPlatform.TOPIC_HEADER),
                headers.getFirst(ShopifyPlatform.EVENT_ID_HEADER), headers.getFirst(ShopifyPlatform.WEBHOOK_ID_HEADER));
    }
}
