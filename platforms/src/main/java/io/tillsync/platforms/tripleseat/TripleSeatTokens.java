package io.tillsync.platforms.tripleseat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * TripleSeat OAuth 2.0 access tokens per connection: {@code POST {api_base_url}/oauth2/token}
 * ({@code application/x-www-form-urlencoded}: {@code grant_type=refresh_token} with the stored refresh token, or
 * {@code client_credentials} without one, plus {@code client_id}/{@code client_secret}), answered
 * {@code {access_token, token_type, expires_in, refresh_token, created_at}} (support.tripleseat.com "OAuth 2.0
 * Implementation"; {@code expires_in} 7200 in its example). A token is cached until {@code refreshBefore} ahead of
 * its expiry; at most one refresh per connection is in flight (concurrent callers share it); a rotated refresh token
 * is kept and handed to {@link RefreshTokenSink} to be stored. {@link #renew} is the one refresh after a 401.
 */
public final class TripleSeatTokens {

    static final String WHAT = "TripleSeat token refresh";

    /** Stores a rotated refresh token on the connection (encrypted by the caller). */
    @FunctionalInterface
    public interface RefreshTokenSink {
        Mono<Void> store(String connectionId, TripleSeatCredentials credentials, String newRefreshToken);
    }

    private record Token(String access, Instant refreshAt) {
    }

    private static final class Entry {
        volatile Token token;
        volatile String refreshToken;
        Mono<Token> inFlight;
    }

    private final OutboundHttp http;
    private final Duration timeout;
    private final Duration refreshBefore;
    private final RefreshTokenSink sink;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public TripleSeatTokens(OutboundHttp http, Duration timeout, Duration refreshBefore, RefreshTokenSink sink, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.refreshBefore = refreshBefore;
        this.sink = sink;
        this.clock = clock;
    }

    /** A valid access token for the connection: the cached one, or a refreshed one when it is due. */
    public Mono<String> accessToken(String connectionId, ApiTarget target, TripleSeatCredentials credentials) {
        if (!credentials.oauth()) {
            return Mono.fromSupplier(() -> target.requireToken("TripleSeat call"));
        }
        Entry entry = entry(connectionId, credentials);
        Token token = entry.token;
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return Mono.just(token.access());
        }
        return refresh(connectionId, entry, target, credentials, null);
    }

    /**
     * A new token after TripleSeat refused {@code rejected} (401): refreshed once, unless another caller already
     * replaced that token, in which case the replacement is answered.
     */
    public Mono<String> renew(String connectionId, ApiTarget target, TripleSeatCredentials credentials, String rejected) {
        if (!credentials.oauth()) {
            return Mono.error(new PlatformCallException(WHAT + ": static token refused", false, 401));
        }
        return refresh(connectionId, entry(connectionId, credentials), target, credentials, rejected);
    }

    private Entry entry(String connectionId, TripleSeatCredentials credentials) {
        return entries.computeIfAbsent(connectionId + "|" + credentials.clientId(), k -> new Entry());
    }

    private Mono<String> refresh(String connectionId, Entry entry, ApiTarget target, TripleSeatCredentials credentials,
            String rejected) {
        Mono<Token> shared;
        synchronized (entry) {
            Token current = entry.token;
            if (rejected != null && current != null && !current.access().equals(rejected)
                    && clock.instant().isBefore(current.refreshAt())) {
                return Mono.just(current.access());
            }
            if (rejected == null && current != null && clock.instant().isBefore(current.refreshAt())) {
                return Mono.just(current.access());
            }
            if (entry.inFlight == null) {
                // cleared before the token reaches any caller, so a caller's 401 asks for a new refresh
                Runnable done = () -> {
                    synchronized (entry) {
                        entry.inFlight = null;
                    }
                };
                entry.inFlight = fetch(connectionId, entry, target, credentials)
                        .doOnSuccess(t -> done.run()).doOnError(e -> done.run())
                        .cache();
            }
            shared = entry.inFlight;
        }
        return shared.map(Token::access);
    }

    private Mono<Token> fetch(String connectionId, Entry entry, ApiTarget target, TripleSeatCredentials credentials) {
        return Mono.defer(() -> {
            String refresh = entry.refreshToken != null ? entry.refreshToken : credentials.refreshToken();
            StringBuilder form = new StringBuilder();
            if (refresh != null && !refresh.isBlank()) {
                form.append("grant_type=refresh_token&refresh_token=").append(enc(refresh));
            } else {
                form.append("grant_type=client_credentials");
            }
            form.append("&client_id=").append(enc(credentials.clientId()))
                    .append("&client_secret=").append(enc(credentials.clientSecret()));
            OutboundRequest request = OutboundRequest.post(target.uri("/oauth2/token"), WHAT,
                            form.toString().getBytes(StandardCharsets.UTF_8))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .timeout(timeout);
            return JsonCalls.send(http, request, false).flatMap(answer -> {
                String access = answer.path("access_token").asText(null);
                if (access == null || access.isBlank()) {
                    return Mono.error(new PlatformCallException(WHAT + " answer unreadable: no access_token", false, 200));
                }
                long expiresIn = answer.path("expires_in").asLong(7200);
                Instant refreshAt = clock.instant().plusSeconds(expiresIn).minus(refreshBefore);
                Token token = new Token(access, refreshAt);
                entry.token = token;
                String rotated = rotated(answer, refresh);
                if (rotated == null) {
                    return Mono.just(token);
                }
                entry.refreshToken = rotated;
                return sink.store(connectionId, credentials, rotated).thenReturn(token)
                        .onErrorResume(e -> Mono.just(token));
            });
        });
    }

    private static String rotated(JsonNode answer, String previous) {
        String next = answer.path("refresh_token").asText(null);
        return next == null || next.isBlank() || next.equals(previous) ? null : next;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
