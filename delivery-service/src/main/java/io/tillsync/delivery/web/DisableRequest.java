package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** Optional body of a manual disable: why. */
@Schema(example = """
        {"reason":"subscriber maintenance until Monday"}""")
public record DisableRequest(@Size(max = 500) String reason) {
}
