package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.intake.IntakeConnection;
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
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Clover app webhooks: no HMAC; {@code X-Clover-Auth} carries a static auth code, compared in constant time with the
 * connection's secret (and never copied onto the record). The first call when a URL is registered is an unsigned
 * {@code {"verificationCode": "..."}} that must be answered 200. Bodies are
 * {@code {"appId":..,"merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":...}]}}}; Clover gives no event
 * id, so the idempotency id is built from (merchantId, objectId, type, ts) of the objects in the body.
 */
@Component
public class CloverAdapter implements ProviderAdapter {

    static final String AUTH = "X-Clover-Auth";
    private static final int MAX_VERIFICATION_BODY = 1024;

    private final ObjectMapper json;

    public CloverAdapter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String provider() {
        return "clover";
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(); // X-Clover-Auth is the secret itself
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        String auth = headers.getFirst(AUTH);
        if (auth == null || auth.isBlank()) {
            return Verification.missing("missing " + AUTH + " header");
        }
        boolean ok = false;
        for (String code : connection.secretsAt(now)) {
            ok |= Signatures.sameText(code, auth.trim());
        }
        return ok ? Verification.valid() : Verification.invalid("Clover auth code does not match");
    }

    @Override
    public Optional<String> verificationCode(HttpHeaders headers, byte[] body) {
        if (headers.getFirst(AUTH) != null || body.length > MAX_VERIFICATION_BODY) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode code = node == null ? null : node.get("verificationCode");
            return node != null && node.isObject() && node.size() == 1 && code != null && code.isTextual()
                    ? Optional.of(code.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        JsonNode merchants = body.get("merchants");
        if (merchants == null || !merchants.isObject() || merchants.isEmpty()) {
            throw new MalformedWebhookException("Clover webhook body has no \"merchants\"");
        }
        List<String> objects = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = merchants.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> merchant = it.next();
            if (!merchant.getValue().isArray()) {
                throw new MalformedWebhookException("Clover webhook merchant entry is not a list");
            }
            for (JsonNode object : merchant.getValue()) {
                String objectId = Signatures.required(object, "objectId", "Clover");
                String type = Signatures.required(object, "type", "Clover");
                types.add(type);
                objects.add(merchant.getKey() + ":" + objectId + ":" + type + ":" + Signatures.text(object, "ts"));
            }
        }
        if (objects.isEmpty()) {
            throw new MalformedWebhookException("Clover webhook names no object");
        }
        String eventType = types.size() == 1 ? types.first() : "MIXED";
        String externalId = objects.size() == 1 ? objects.get(0) : "sha256:" + digest(new TreeSet<>(objects).toString());
        return new WebhookIdentity(eventType, externalId);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Signatures.utf8(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
