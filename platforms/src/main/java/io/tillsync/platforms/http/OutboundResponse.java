package io.tillsync.platforms.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the other side answered: status, headers (lower-case names), the body (at most the request's cap) and how
 * long the exchange took. Any status is an answer; {@link #requireSuccess()} turns non-2xx into a
 * {@link PlatformCallException}.
 */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, boolean truncated,
        long elapsedMillis, String what) {

    /** Longest {@code Retry-After} honoured; a platform asking for more is asked again after this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** This answer when it is 2xx; otherwise the {@link PlatformCallException} it stands for. */
    public OutboundResponse requireSuccess() {
        if (successful()) {
            return this;
        }
        throw PlatformCallException.forStatus(what, status, retryAfter(Clock.systemUTC()).orElse(null));
    }

    /** {@code Retry-After} as (possibly decimal) seconds or an HTTP date, capped at {@link #MAX_RETRY_AFTER}; empty when absent. */
    public Optional<Duration> retryAfter(Clock clock) {
        return header("retry-after").map(String::trim).flatMap(value -> {
            Duration wait;
            try {
                // whole seconds per RFC 9110; Shopify sends decimals such as "2.0"
                wait = Duration.ofMillis(Math.max(0, (long) Math.ceil(Double.parseDouble(value) * 1000)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    wait = Duration.between(clock.instant(), at.toInstant());
                    wait = wait.isNegative() ? Duration.ZERO : wait;
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
            return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
        });
    }

    @Override
    public String toString() {
        return "OutboundResponse[" + what + " " + status + ", " + body.length + " bytes]";
    }
}
