package io.tillsync.delivery.web;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** Body of a recovery: resend every FAILED delivery of the endpoint created since this time. */
public record RecoverRequest(@NotNull Instant since) {
}
