package io.tillsync.poller.clover;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.kit.Correlation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Manual sync: consumes {@code poll.requests} (published by sync-service's {@code sync-availability} endpoint) in
 * consumer group {@code poller-manual-sync}. A {@code CATALOG} request for all of a tenant's connections or for one
 * clover connection marks those merchants due now in Postgres (with {@code hoursBack}, the poll reads at least that
 * far back) and wakes the workers; the offset is committed after that mark is stored, and whichever replica claims
 * the merchant polls it, with the request's correlation id. Requests of other kinds or providers are not ours.
 * Failure policy: the service kit's — a few in-place retries, then {@code poll.requests.dlt}.
 */
@Component
public class PollRequestListener {

    private static final Logger log = LoggerFactory.getLogger(PollRequestListener.class);

    private final MerchantStore store;
    private final CloverPollWorkers workers;

    public PollRequestListener(MerchantStore store, CloverPollWorkers workers) {
        this.store = store;
        this.workers = workers;
    }

    @KafkaListener(id = "poller-manual-sync", groupId = "poller-manual-sync",
            topics = "#{T(io.tillsync.schemas.Topics).POLL_REQUESTS.name()}")
    public void onPollRequest(ConsumerRecord<String, PollRequest> record) {
        PollRequest request = record.value();
        if (request == null || request.getKind() != PollKind.CATALOG
                || request.getProvider() != null && !"clover".equals(request.getProvider())) {
            return;
        }
        String correlationId = request.getCorrelationId() != null ? request.getCorrelationId() : Correlation.from(record.headers());
        MDC.put(Correlation.MDC_KEY, correlationId);
        try {
            Instant rewindTo = request.getHoursBack() == null ? null
                    : request.getRequestedAt().minus(Duration.ofHours(request.getHoursBack()));
            List<String> marked = store.requestNow(request.getTenant(), request.getConnectionId(), rewindTo, correlationId)
                    .block(Duration.ofSeconds(30));
            if (marked == null || marked.isEmpty()) { // a connection created since the last tick has no state row yet
                store.discover().block(Duration.ofSeconds(30));
                marked = store.requestNow(request.getTenant(), request.getConnectionId(), rewindTo, correlationId)
                        .block(Duration.ofSeconds(30));
            }
            if (marked == null || marked.isEmpty()) {
                log.info("manual sync {} of tenant {}: no clover connection to poll", request.getRequestId(),
                        request.getTenant());
                return;
            }
            log.info("manual sync {} of tenant {}: clover connection(s) {} due now{}", request.getRequestId(),
                    request.getTenant(), marked, rewindTo == null ? "" : " reading from " + rewindTo);
            workers.wake();
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }
}
