package io.tillsync.platforms.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The blocking calls of a poller to one platform, through {@link OutboundHttp}: every request (retries included)
 * first passes the platform's {@link RequestLimiter}; a 429 is retried after the {@link Backoff} schedule or after the
 * answer's {@code Retry-After} when it names one (capped), and fails transiently once the schedule is spent; a 401 or
 * 403 fails at once with a {@link PlatformCallException} whose {@code unauthorized()} is true; any other non-2xx fails
 * as {@link PlatformCallException#forStatus}. Failure bodies are never read into messages.
 */
public final class PolledCalls {

    /** How the backoff waits; production sleeps the thread, tests record the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Told the outcome of every request ({@code ok}, {@code unauthorized}, {@code rate_limited}, ...). */
    @FunctionalInterface
    public interface Listener {
        void answered(String kind, String outcome);
    }

    /**
     * Retries of a request answered 429: waits {@code schedule[i]} before retry i+1, or the answer's
     * {@code Retry-After} (capped at {@code maxRetryAfter}); after the schedule the call fails.
     */
    public record Backoff(List<Duration> schedule, Duration maxRetryAfter) {

        public Backoff {
            schedule = List.copyOf(schedule);
        }
    }

    private final OutboundHttp http;
    private final RequestLimiter limiter;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Listener listener;
    private final Clock clock;

    public PolledCalls(OutboundHttp http, RequestLimiter limiter, Backoff backoff, Sleeper sleeper, Listener listener,
            Clock clock) {
        this.http = http;
        this.limiter = limiter;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.listener = listener;
        this.clock = clock;
    }

    /** Sends the request under the key's limit until it is answered 2xx (answered) or fails for good (thrown). */
    public OutboundResponse send(String key, RequestLimiter.Limit limit, OutboundRequest request, String kind) {
        for (int retry = 0; ; retry++) {
            OutboundResponse response = once(key, limit, request, kind);
            int status = response.status();
            if (response.successful()) {
                listener.answered(kind, "ok");
                return response;
            }
            if (status == 401 || status == 403) {
                listener.answered(kind, "unauthorized");
                throw PlatformCallException.forStatus(request.what(), status, null);
            }
            if (status == 429) {
                listener.answered(kind, "rate_limited");
                if (retry >= backoff.schedule().size()) {
                    throw new PlatformCallException(request.what() + " still answered 429 after " + retry + " retries",
                            true, 429, response.retryAfter(clock).orElse(null), null);
                }
                Duration wait = response.retryAfter(clock)
                        .map(d -> d.compareTo(backoff.maxRetryAfter()) > 0 ? backoff.maxRetryAfter() : d)
                        .orElse(backoff.schedule().get(retry));
                pause(wait, request.what());
                continue;
            }
            listener.answered(kind, "error");
            throw PlatformCallException.forStatus(request.what(), status, null);
        }
    }

    private OutboundResponse once(String key, RequestLimiter.Limit limit, OutboundRequest request, String kind) {
        try (RequestLimiter.Permit permit = limiter.acquire(key, limit)) {
            OutboundResponse response = http.send(request).block();
            if (response == null) {
                throw new PlatformCallException(request.what() + " got no answer", true, 0);
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformCallException(request.what() + " interrupted", true, 0, null, e);
        } catch (PlatformCallException e) {
            listener.answered(kind, "transport");
            throw e;
        } catch (RuntimeException e) {
            listener.answered(kind, "transport");
            throw new PlatformCallException(request.what() + " failed: " + e.getClass().getSimpleName(), true, 0, null, e);
        }
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformCallException(what + " interrupted during 429 backoff", true, 429, null, e);
        }
    }
}
