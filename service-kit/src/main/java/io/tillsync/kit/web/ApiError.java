package io.tillsync.kit.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON body of every error answer: a stable machine-readable code and a human message. */
@Schema(description = "Every error answer: a stable machine-readable code and a human message",
        example = "{\"error\":\"not_found\",\"message\":\"connection not found\"}")
public record ApiError(
        @Schema(description = "stable code, e.g. not_found, validation_failed", requiredMode = Schema.RequiredMode.REQUIRED)
        String error,
        @Schema(description = "what went wrong, for a person", requiredMode = Schema.RequiredMode.REQUIRED)
        String message) {
}
