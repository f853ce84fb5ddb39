package io.tillsync.platforms;

/**
 * What a verified webhook is: the provider's event type and its idempotency id (null when the provider gives none).
 */
public record WebhookIdentity(String eventType, String externalEventId) {
}
