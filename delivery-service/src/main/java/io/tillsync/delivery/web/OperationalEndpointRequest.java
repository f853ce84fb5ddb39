package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Body of setting the operational endpoint: where {@code endpoint.failing}, {@code endpoint.disabled},
 * {@code endpoint.enabled} and {@code message.attempt.exhausted} events go. {@code secret} only when it is first set
 * (generated when absent; rotate it with the endpoint's {@code secret/rotate}); {@code headers} and {@code timeout} as
 * for any endpoint.
 */
@Schema(example = """
        {"url":"https://ops.example.com/hooks/tillsync-operational","headers":{"X-Team":"integrations"},"timeout":10}""")
public record OperationalEndpointRequest(
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 1000) String description,
        String secret,
        Map<String, String> headers,
        @Min(1) @Max(30) Integer timeout) {
}
