package io.tillsync.sync.catalog;

import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Availability API, {@code GET /api/tenants/{tenant}/menu-items?available=true|false}: the tenant's items and whether
 * each is available (86'd or not). Answers carry {@code Cache-Control: max-age=5} and a strong ETag over the content;
 * a request whose {@code If-None-Match} names the current ETag gets 304 without a body. A tenant key reads only its
 * own tenant (403 elsewhere).
 */
@RestController
public class MenuItemController {

    private final MenuItemStore menuItems;
    private final CatalogProperties properties;

    public MenuItemController(MenuItemStore menuItems, CatalogProperties properties) {
        this.menuItems = menuItems;
        this.properties = properties;
    }

    @GetMapping("/api/tenants/{tenant}/menu-items")
    public Mono<ResponseEntity<MenuItemList>> list(@PathVariable String tenant,
            @RequestParam(name = "available", required = false) String available,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        Boolean filter = parse(available);
        return menuItems.list(tenant, filter).collectList().map(items -> {
            String etag = etag(items);
            CacheControl cache = CacheControl.maxAge(Duration.ofSeconds(properties.availabilityCacheSeconds())).cachePrivate();
            if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).<MenuItemList>build();
            }
            return ResponseEntity.ok().eTag(etag).cacheControl(cache)
                    .body(new MenuItemList(tenant, filter, items.size(), items));
        });
    }

    private static Boolean parse(String available) {
        if (available == null || available.isBlank()) {
            return null;
        }
        if ("true".equalsIgnoreCase(available) || "false".equalsIgnoreCase(available)) {
            return Boolean.valueOf(available);
        }
        throw ApiException.badRequest("invalid_parameter", "available must be true or false");
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** A strong ETag: SHA-256 over every field of every item, in the answer's order. */
    static String etag(List<MenuItem> items) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (MenuItem i : items) {
                digest.update((i.provider() + '\u0000' + i.externalId() + '\u0000' + i.connectionId() + '\u0000'
                        + i.name() + '\u0000' + i.available() + '\u0000' + i.status() + '\u0000'
                        + i.availabilityUpdatedAt() + '\u0000' + i.sourceTime() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
