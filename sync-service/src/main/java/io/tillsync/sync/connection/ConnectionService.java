package io.tillsync.sync.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.kit.logging.LogText;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.web.ApiException;
import io.tillsync.platforms.Provider;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates, lists, updates and disables connections: validates requests (400 with a stable code), encrypts secrets
 * with {@link SecretBox} before they reach the store, and keeps rotation of the webhook secret seamless.
 */
@Service
public class ConnectionService {

    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_TEXT = 200;
    private static final int MAX_SECRET = 4096;

    private final ConnectionStore store;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final ConnectionProperties properties;
    private final ApiBaseUrlPolicy baseUrls;
    private final Clock clock;

    public ConnectionService(ConnectionStore store, SecretBox secrets, ObjectMapper json,
            ConnectionProperties properties, ApiBaseUrlPolicy baseUrls, ObjectProvider<Clock> clock) {
        this.store = store;
        this.baseUrls = baseUrls;
        this.secrets = secrets;
        this.json = json;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    public Mono<Connection> create(String tenant, ConnectionRequest r, Caller caller) {
        return Mono.fromCallable(() -> {
            checkTenant(tenant);
            if (r == null) {
                throw ApiException.badRequest("invalid_request", "a JSON body is required");
            }
            Provider provider = Provider.of(r.provider()).orElseThrow(() -> ApiException.badRequest("invalid_provider",
                    "provider must be one of shopify, square, clover, toast, tripleseat, revel, standard"));
            checkCommon(r);
            baseUrls.check(provider, r.apiBaseUrl(), caller);
            if (r.status() != null && !"active".equals(r.status())) {
                throw ApiException.badRequest("invalid_status", "a new connection is active; disable it afterwards");
            }
            SyncRules d = SyncRules.defaults();
            SyncRules rules = new SyncRules(or(r.realtimeSyncEnabled(), d.realtimeSyncEnabled()),
                    or(r.propagateCreates(), d.propagateCreates()), or(r.propagateUpdates(), d.propagateUpdates()),
                    or(r.propagateDeletes(), d.propagateDeletes()), or(r.propagateInventory(), d.propagateInventory()));
            return new ConnectionStore.NewConnection("con_" + UUID.randomUUID(), tenant, provider.id(), r.account(),
                    r.name(), secrets.encrypt(r.webhookSecret()), secrets.encrypt(r.apiToken()), r.apiBaseUrl(),
                    settingsJson(r.settings() == null ? Map.of() : r.settings()), rules, clock.instant());
        }).flatMap(store::create);
    }

    public Flux<Connection> list(String tenant) {
        return store.list(tenant);
    }

    public Mono<Connection> get(String tenant, String id) {
        return store.find(tenant, id).switchIfEmpty(Mono.error(() -> ApiException.notFound("connection " + id)));
    }

    public Mono<Connection> update(String tenant, String id, ConnectionRequest r, Caller caller) {
        return get(tenant, id).flatMap(existing -> {
            if (r == null) {
                return Mono.error(ApiException.badRequest("invalid_request", "a JSON body is required"));
            }
            if (r.provider() != null && !r.provider().equals(existing.provider())) {
                return Mono.error(ApiException.badRequest("provider_immutable",
                        "a connection's provider cannot change; create a new connection"));
            }
            checkCommon(r);
            Provider provider = Provider.of(existing.provider()).orElseThrow();
            baseUrls.check(provider, r.apiBaseUrl(), caller);
            if (r.status() != null && !"active".equals(r.status()) && !"disabled".equals(r.status())) {
                return Mono.error(ApiException.badRequest("invalid_status", "status must be active or disabled"));
            }
            Instant now = clock.instant();
            return store.update(tenant, id, new ConnectionStore.ConnectionUpdate(r.account(), r.name(), r.status(),
                    secrets.encrypt(r.webhookSecret()), now.plus(properties.previousSecretGrace()),
                    secrets.encrypt(r.apiToken()), r.apiBaseUrl(),
                    r.settings() == null ? null : settingsJson(r.settings()), r.realtimeSyncEnabled(),
                    r.propagateCreates(), r.propagateUpdates(), r.propagateDeletes(), r.propagateInventory(), now));
        }).switchIfEmpty(Mono.error(() -> ApiException.notFound("connection " + id)));
    }

    /** Ends the rotation grace now: only the current webhook secret verifies from the next webhook on. */
    public Mono<Connection> revokePreviousSecret(String tenant, String id) {
        return store.revokePreviousSecret(tenant, id, clock.instant())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection " + id)));
    }

    public Mono<Connection> disable(String tenant, String id, Caller caller) {
        return update(tenant, id, new ConnectionRequest(null, null, null, null, null, null, null, "disabled",
                null, null, null, null, null), caller);
    }

    /** 400 {@code invalid_tenant} unless the tenant id is a plain slug. */
    public static void checkTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw ApiException.badRequest("invalid_tenant", "tenant must match " + TENANT.pattern());
        }
    }

    private static void checkCommon(ConnectionRequest r) {
        checkLength("account", r.account(), MAX_TEXT);
        checkLength("name", r.name(), MAX_TEXT);
        checkSecret("webhookSecret", r.webhookSecret());
        checkSecret("apiToken", r.apiToken());
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && (value.isBlank() || value.length() > max)) {
            throw ApiException.badRequest("invalid_" + field, field + " must be 1 to " + max + " characters");
        }
        if (LogText.hasControlCharacters(value)) {
            throw ApiException.badRequest("invalid_" + field, field + " must not contain control characters");
        }
    }

    private static void checkSecret(String field, String value) {
        if (value != null && (value.isBlank() || value.length() > MAX_SECRET)) {
            throw ApiException.badRequest("invalid_secret", field + " must be 1 to " + MAX_SECRET + " characters");
        }
    }

    private String settingsJson(Map<String, Object> settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_settings", "settings must be a JSON object");
        }
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
