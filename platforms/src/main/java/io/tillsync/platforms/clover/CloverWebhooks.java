package io.tillsync.platforms.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import io.tillsync.platforms.json.PlatformJson;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Clover app webhooks: no HMAC; {@link CloverPlatform#AUTH_HEADER} carries a static auth code, compared in constant
 * time with the connection's secrets. The first call when a URL is registered is an unsigned
 * {@code {"verificationCode": "..."}} that must be answered 200. Bodies are
 * {@code {"appId":..,"merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":...}]}}}; Clover gives no event
 * id, so the idempotency id is built from (merchantId, objectId, type, ts) of the objects in the body.
 */
public final class CloverWebhooks implements WebhookAdapter {

    /** Longest body read as a possible verification call. */
    public static final int MAX_VERIFICATION_BODY = 1024;

    /** One item a webhook names. */
    public record ItemRef(String merchantId, String itemId, String type, Instant ts) {
    }

    /** The presented auth code against every current secret (all tried, so timing does not say which matched). */
    public static Verification verify(List<String> secrets, String presentedAuth) {
        if (presentedAuth == null || presentedAuth.isBlank()) {
            return Verification.missing("missing " + CloverPlatform.AUTH_HEADER + " header");
        }
        boolean ok = false;
        for (String code : secrets) {
            ok |= WebhookSignatures.sameText(code, presentedAuth.trim());
        }
        return ok ? Verification.valid() : Verification.invalid("Clover auth code does not match");
    }

    /**
     * The code of the unsigned set-up call: a small body that is exactly {@code {"verificationCode": "<text>"}} sent
     * without an auth header; empty for anything else.
     */
    public static Optional<String> verificationCode(boolean authPresented, byte[] body) {
        if (authPresented || body.length > MAX_VERIFICATION_BODY) {
            return Optional.empty();
        }
        try {
            JsonNode node = PlatformJson.MAPPER.readTree(body);
            JsonNode code = node == null ? null : node.get(CloverPlatform.VERIFICATION_CODE_FIELD);
            return node != null && node.isObject() && node.size() == 1 && code != null && code.isTextual()
                    ? Optional.of(code.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Event type (the objects' type, or {@code MIXED}) and idempotency id: {@code merchant:object:type:ts} for one
     * object, else {@code sha256:} of the sorted list.
     *
     * @throws PlatformDataException when the body names no merchant or object
     */
    public static WebhookIdentity identity(JsonNode body) {
        JsonNode merchants = body.get("merchants");
        if (merchants == null || !merchants.isObject() || merchants.isEmpty()) {
            throw new PlatformDataException("Clover webhook body has no \"merchants\"");
        }
        List<String> objects = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = merchants.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> merchant = it.next();
            if (!merchant.getValue().isArray()) {
                throw new PlatformDataException("Clover webhook merchant entry is not a list");
            }
            for (JsonNode object : merchant.getValue()) {
                String objectId = WebhookSignatures.required(object, "objectId", "Clover");
                String type = WebhookSignatures.required(object, "type", "Clover");
                types.add(type);
                objects.add(merchant.getKey() + ":" + objectId + ":" + type + ":" + WebhookSignatures.text(object, "ts"));
            }
        }
        if (objects.isEmpty()) {
            throw new PlatformDataException("Clover webhook names no object");
        }
        String eventType = types.size() == 1 ? types.first() : "MIXED";
        String externalId = objects.size() == 1 ? objects.get(0) : "sha256:" + digest(new TreeSet<>(objects).toString());
        return new WebhookIdentity(eventType, externalId);
    }

    /** Whether the body is a Clover app webhook with catalog meaning at all (objects, or the verification call). */
    public static boolean isAppWebhook(JsonNode body) {
        return body.path("merchants").isObject() || body.has(CloverPlatform.VERIFICATION_CODE_FIELD);
    }

    public static boolean isVerification(JsonNode body) {
        return body.has(CloverPlatform.VERIFICATION_CODE_FIELD);
    }

    /** The inventory items ({@code I:} objects) a webhook names, in body order; other objects are left out. */
    public static List<ItemRef> itemRefs(JsonNode body) {
        List<ItemRef> items = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> merchants = body.path("merchants").fields();
        while (merchants.hasNext()) {
            Map.Entry<String, JsonNode> merchant = merchants.next();
            for (JsonNode ref : merchant.getValue()) {
                String objectId = PlatformJson.required(ref, "objectId", "Clover webhook object");
                if (objectId.startsWith(CloverPlatform.ITEM_PREFIX)) {
                    items.add(new ItemRef(merchant.getKey(), objectId.substring(CloverPlatform.ITEM_PREFIX.length()),
                            String.valueOf(PlatformJson.text(ref, "type")), PlatformJson.time(ref, "ts")));
                }
            }
        }
        return items;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(WebhookSignatures.utf8(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Provider provider() {
        return Provider.CLOVER;
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(); // X-Clover-Auth is the secret itself
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        return verify(secrets, headers.first(CloverPlatform.AUTH_HEADER));
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(body);
    }

    @Override
    public Optional<String> verificationCode(Headers headers, byte[] body) {
        return verificationCode(headers.first(CloverPlatform.AUTH_HEADER) != null, body);
    }
}
