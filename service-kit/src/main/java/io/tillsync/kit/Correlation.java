package io.tillsync.kit;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The correlation id that travels from intake to delivery: HTTP header, Kafka header and log field. */
public final class Correlation {

    /** HTTP request/response header and Kafka record header. */
    public static final String HEADER = "x-correlation-id";
    /** Logging MDC key (appears in structured logs). */
    public static final String MDC_KEY = "correlationId";

    private Correlation() {
    }

    public static String newId() {
        return Ids.randomUuid();
    }

    /** The id carried by Kafka headers, or a new one. */
    public static String from(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(HEADER);
        return h == null ? newId() : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String correlationId) {
        headers.remove(HEADER);
        headers.add(HEADER, correlationId.getBytes(StandardCharsets.UTF_8));
    }
}
