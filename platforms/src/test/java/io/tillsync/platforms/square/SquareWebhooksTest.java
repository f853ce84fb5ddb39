package io.tillsync.platforms.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Square's signature over notification URL + body, checked against Square's published test vector. */
class SquareWebhooksTest {

    /** Square's published test vector (the Square SDKs' WebhooksHelper tests): URL + body signed with the key. */
    static final String BODY = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\","
            + "\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\","
            + "\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}";
    static final String KEY = "Ibxx_5AKakO-3qeNVR61Dw";
    static final String URL = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    static final String SIGNATURE = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";

    @Test
    void shouldAcceptSquaresPublishedSignature() {
        assertThat(SquareWebhooks.verify(List.of(KEY), SIGNATURE, URL, Fixtures.utf8(BODY)).isValid()).isTrue();
    }

    @Test
    void shouldAcceptTheSignatureOfAnyCurrentKeyDuringRotation() {
        assertThat(SquareWebhooks.verify(List.of("new-key", KEY), SIGNATURE, URL, Fixtures.utf8(BODY)).isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenTheRegisteredUrlDiffers() {
        assertThat(SquareWebhooks.verify(List.of(KEY), SIGNATURE, URL + "/", Fixtures.utf8(BODY)).outcome())
                .isEqualTo(Verification.Outcome.INVALID);
        assertThat(SquareWebhooks.verify(List.of(KEY), SIGNATURE, null, Fixtures.utf8(BODY)).outcome())
                .isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWithoutASignature() {
        assertThat(SquareWebhooks.verify(List.of(KEY), null, URL, Fixtures.utf8(BODY)).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldIdentifyByBodyTypeAndEventId() {
        assertThat(SquareWebhooks.identity(Fixtures.json(BODY)))
                .isEqualTo(new WebhookIdentity("webhooks.test_notification", "ac3ac95b-f97d-458c-a6e6-18981597e05f"));
        assertThatThrownBy(() -> SquareWebhooks.identity(Fixtures.json("{\"type\":\"x\"}")))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("event_id");
    }
}
