package io.tillsync.sync.inbound;

import io.tillsync.avro.CatalogChange;
import java.util.List;

/**
 * What became of one webhook of a batch before its effects are published: the changes to publish, or why there
 * are none. {@code entry} is null only when even the audit insert failed.
 */
record InboundOutcome(int index, AuditEntry entry, Kind kind, List<CatalogChange> changes, String error,
        Throwable cause) {

    enum Kind {
        /** Handled; {@code changes} to publish (maybe none). */
        PROCESSED,
        /** Nothing to do by rule (disabled connection, realtime sync off). */
        IGNORED,
        /** Can never succeed (unknown event, malformed body, permanent API refusal); audited, not retried. */
        FAILED,
        /** Failed transiently: this record and the rest of the batch are redelivered. */
        RETRY,
        /** A provider's replay of an event already recorded: no effect. */
        DUPLICATE,
        /** A redelivery of a receipt already finished: no effect. */
        DONE
    }

    static InboundOutcome of(int index, AuditEntry entry, Kind kind) {
        return new InboundOutcome(index, entry, kind, List.of(), null, null);
    }

    static InboundOutcome processed(int index, AuditEntry entry, List<CatalogChange> changes) {
        return new InboundOutcome(index, entry, Kind.PROCESSED, changes, null, null);
    }

    static InboundOutcome failed(int index, AuditEntry entry, Kind kind, String error, Throwable cause) {
        return new InboundOutcome(index, entry, kind, List.of(), error, cause);
    }
}
