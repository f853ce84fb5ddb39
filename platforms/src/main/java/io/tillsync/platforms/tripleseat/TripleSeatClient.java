package io.tillsync.platforms.tripleseat;

import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.OutboundResponse;
import io.tillsync.platforms.http.PlatformCallException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import reactor.core.publisher.Mono;

/**
 * TripleSeat's API through {@link OutboundHttp}: {@code GET {api_base_url}/v1/events/{id}.json?show_financial=true}
 * (support.tripleseat.com "API Events Endpoint": {@code show_financial} adds the line items and billing totals) with
 * {@code Authorization: Bearer <access token>} from {@link TripleSeatTokens}. Every call first takes a permit of the
 * credential's {@link TripleSeatRateLimit}; a 429 is waited out once (its {@code Retry-After}, at most
 * {@code maxRetryAfter}). A 401 renews the token once and repeats the call; a second 401 is a
 * {@link TokenInvalidException}. 404 is empty; other failures are {@link PlatformCallException}s whose message names
 * the call only, never the address or the answer's body. Parsing is {@link TripleSeatJson}'s job.
 */
public final class TripleSeatClient {

    static final String WHAT = "TripleSeat event fetch";

    /** TripleSeat refused the connection's credential even after a fresh token: an operator must re-authorize. */
    public static final class TokenInvalidException extends PlatformCallException {
        public TokenInvalidException(String what) {
            super(what + ": token_invalid", false, 401);
        }
    }

    /** One tripleseat connection as the client needs it. */
    public record Account(String connectionId, ApiTarget target, TripleSeatCredentials credentials) {
    }

    private final OutboundHttp http;
    private final Duration timeout;
    private final TripleSeatTokens tokens;
    private final TripleSeatRateLimit budget;
    private final Duration maxRetryAfter;

    public TripleSeatClient(OutboundHttp http, Duration timeout, TripleSeatTokens tokens, TripleSeatRateLimit budget,
            Duration maxRetryAfter) {
        this.http = http;
        this.timeout = timeout;
        this.tokens = tokens;
        this.budget = budget;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** The event, or empty when TripleSeat does not know it (404). Dates are read in the venue's zone. */
    public Mono<TripleSeatEvent> fetchEvent(Account account, String eventId, ZoneId venueZone) {
        String path = "/v1/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8).replace("+", "%20")
                + ".json?show_financial=true";
        return call(account, path).flatMap(response -> {
            if (response.status() == 404) {
                return Mono.empty();
            }
            response.requireSuccess();
            try {
                return Mono.just(TripleSeatJson.event(response.body(), venueZone));
            } catch (PlatformDataException e) {
                return Mono.error(new PlatformCallException(WHAT + " answer unreadable: " + e.getMessage(), false,
                        response.status()));
            }
        });
    }

    private Mono<OutboundResponse> call(Account account, String path) {
        return tokens.accessToken(account.connectionId(), account.target(), account.credentials())
                .flatMap(token -> send(account, path, token, true)
                        .flatMap(response -> response.status() != 401 ? Mono.just(response)
                                : tokens.renew(account.connectionId(), account.target(), account.credentials(), token)
                                        .onErrorMap(e -> e instanceof PlatformCallException p && p.unauthorized()
                                                || e instanceof PlatformCallException q && q.status() == 400,
                                                e -> new TokenInvalidException(WHAT))
                                        .flatMap(fresh -> send(account, path, fresh, true))
                                        .flatMap(again -> again.status() == 401
                                                ? Mono.error(new TokenInvalidException(WHAT)) : Mono.just(again))));
    }

    private Mono<OutboundResponse> send(Account account, String path, String token, boolean mayWait) {
        OutboundRequest request = OutboundRequest.get(account.target().uri(path), WHAT)
                .header("Accept", "application/json").bearer(token).timeout(timeout);
        return budget.permit(account.credentials().budgetKey())
                .then(http.send(request))
                .flatMap(response -> {
                    if (response.status() != 429 || !mayWait) {
                        return Mono.just(response);
                    }
                    Duration wait = response.retryAfter(java.time.Clock.systemUTC()).orElse(Duration.ofSeconds(1));
                    if (wait.compareTo(maxRetryAfter) > 0) {
                        return Mono.just(response);
                    }
                    return Mono.delay(wait).then(send(account, path, token, false));
                });
    }
}
