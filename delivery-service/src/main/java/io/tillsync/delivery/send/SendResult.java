package io.tillsync.delivery.send;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one POST produced: a status with headers and (truncated) body, or an error with no status. {@code timedOut}
 * and status 429 make the retry schedule apply its floor.
 */
public record SendResult(Integer status, Map<String, List<String>> headers, String body, String error,
        boolean timedOut, long durationMs) {

    /** The prefix of the error of an attempt whose target was refused (shown in the attempt log). */
    public static final String REFUSED = "target refused: ";

    /** An attempt not made because its target is not allowed; {@code reason} names the kind, not the address. */
    public static SendResult refused(String reason, long durationMs) {
        return failed(REFUSED + reason, false, durationMs);
    }

    public boolean targetRefused() {
        return error != null && error.startsWith(REFUSED);
    }

    public static SendResult failed(String error, boolean timedOut, long durationMs) {
        return new SendResult(null, Map.of(), null, error, timedOut, durationMs);
    }

    public boolean succeeded() {
        return status != null && status >= 200 && status < 300;
    }

    public boolean throttledOrTimedOut() {
        return timedOut || (status != null && status == 429);
    }

    /** The receiver's {@code Retry-After} as seconds or an HTTP date, when present and sensible. */
    public Optional<Duration> retryAfter(java.time.Instant now) {
        List<String> values = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After")).map(Map.Entry::getValue)
                .findFirst().orElse(List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime
                        .parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Optional.empty() : Optional.of(wait);
            } catch (java.time.format.DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
