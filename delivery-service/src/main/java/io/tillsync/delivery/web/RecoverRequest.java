package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** Body of a recovery: resend every FAILED or SKIPPED delivery of the endpoint created since this time. */
@Schema(example = """
        {"since":"2026-11-30T08:00:00Z"}""")
public record RecoverRequest(@NotNull Instant since) {
}
