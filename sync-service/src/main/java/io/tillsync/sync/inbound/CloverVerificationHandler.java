package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.logging.LogText;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.sync.connection.ConnectionStore;
import java.nio.ByteBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the code of a Clover verification call (published by intake as event type
 * {@link CloverPlatform#VERIFICATION_EVENT_TYPE}) on its connection, where the operator reads it
 * ({@code GET .../connections/{id}}, {@code lastVerificationCode}). The code is stored as data: control characters
 * escaped and cut to {@link CloverPlatform#MAX_VERIFICATION_CODE} characters.
 */
@Component
public class CloverVerificationHandler implements InboundHandler {

    private final ConnectionStore connections;

    public CloverVerificationHandler(ConnectionStore connections) {
        this.connections = connections;
    }

    @Override
    public boolean supports(InboundWebhook webhook) {
        return "clover".equals(webhook.getProvider())
                && CloverPlatform.VERIFICATION_EVENT_TYPE.equals(webhook.getEventType());
    }

    @Override
    public Mono<Void> handle(InboundWebhook webhook, AuditEntry audit) {
        String code;
        try {
            ByteBuffer body = webhook.getBody().duplicate();
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            code = PlatformJson.required(PlatformJson.object(bytes, "Clover verification call"),
                    CloverPlatform.VERIFICATION_CODE_FIELD, "Clover verification call");
        } catch (PlatformDataException e) {
            return Mono.error(new UnprocessableEventException(e.getMessage()));
        }
        return connections.recordVerificationCode(webhook.getConnectionId(),
                LogText.escape(code, CloverPlatform.MAX_VERIFICATION_CODE), webhook.getReceivedAt());
    }
}
