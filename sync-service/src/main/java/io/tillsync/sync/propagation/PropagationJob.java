package io.tillsync.sync.propagation;

import io.tillsync.avro.CatalogChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * One claimed outbox job: write this change (Avro payload) of a source item to one target connection, continuing
 * the change's trace ({@code traceparent}, null: none).
 */
public record PropagationJob(UUID id, String tenant, String targetConnectionId, String sourceConnectionId,
        String sourceItemId, PropagationKind kind, String changeId, byte[] payload, int attempts, String traceparent) {

    public CatalogChange change() {
        try {
            return CatalogChange.fromByteBuffer(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("propagation payload unreadable", e);
        }
    }

    public static byte[] encode(CatalogChange change) {
        try {
            ByteBuffer buffer = change.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
