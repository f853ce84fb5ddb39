package io.tillsync.delivery.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Body of create and update. {@code eventTypes} lists catalogue types or wildcards ({@code inventory.*}); empty or
 * absent means every type. {@code secret} (create only) is optional: a {@code whsec_} secret is generated when absent.
 * {@code headers} are sent with every request to this endpoint (not {@code webhook-*}, not hop-by-hop);
 * {@code timeout} is the request timeout in seconds (1–30, default the service's); {@code rateLimitPerSecond} caps
 * the sends per second to it (absent: no cap).
 */
@Schema(example = """
        {"name":"ERP","url":"https://erp.example.com/hooks/tillsync","description":"stock and menu changes",
         "eventTypes":["inventory.*","item.availability_changed"],"headers":{"X-Erp-Tenant":"shop-12"},"timeout":10,
         "rateLimitPerSecond":50}""")
public record EndpointRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters") String name,
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 1000) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters") String description,
        List<String> eventTypes,
        String secret,
        Map<String, String> headers,
        @Min(1) @Max(30) Integer timeout,
        @Min(1) @Max(100_000) Integer rateLimitPerSecond) {

    /** No control characters (NUL, CR, LF, ...) or Unicode line separators: names are shown and logged as one line. */
    static final String NO_CONTROL_CHARACTERS = "[^\\p{Cc}\\u2028\\u2029]*";
}
