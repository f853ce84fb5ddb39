package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of a secret rotation: the new {@code whsec_} secret, generated when absent. */
@Schema(example = """
        {"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""")
public record RotateRequest(String secret) {
}
