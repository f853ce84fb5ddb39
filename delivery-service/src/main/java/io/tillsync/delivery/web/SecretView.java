package io.tillsync.delivery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An endpoint's signing secret, and the rotated-out one while it still signs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretView(String secret, String previousSecret, Instant previousSecretExpiresAt) {
}
