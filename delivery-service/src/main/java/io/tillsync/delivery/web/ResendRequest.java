package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of a message resend: one endpoint ({@code ep_...}); absent means every endpoint it went to. */
@Schema(example = """
        {"endpointId":"ep_2k5Qm8vXyTt3Lw9Rb1Nc"}""")
public record ResendRequest(String endpointId) {
}
