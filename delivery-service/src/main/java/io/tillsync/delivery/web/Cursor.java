package io.tillsync.delivery.web;

import io.tillsync.delivery.store.DeliveryLog;
import io.tillsync.kit.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursors: base64url of the last row's (created_at, id). */
final class Cursor {

    private Cursor() {
    }

    static String encode(Instant createdAt, UUID id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static DeliveryLog.Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new DeliveryLog.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor is not one this API returned");
        }
    }
}
