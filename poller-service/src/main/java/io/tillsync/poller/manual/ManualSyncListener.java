package io.tillsync.poller.manual;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.kit.Correlation;
import io.tillsync.platforms.Provider;
import io.tillsync.poller.clover.CloverPollWorkers;
import io.tillsync.poller.clover.MerchantStore;
import io.tillsync.poller.poll.ManualSyncStore;
import io.tillsync.poller.poll.PollStateStore;
import io.tillsync.poller.poll.PollWorkers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Manual sync: consumes {@code poll.requests} (published by sync-service's {@code sync-availability} endpoint) in
 * consumer group {@code poller-manual-sync}. A {@code CATALOG} request for a tenant (all its POS connections, one
 * provider's, or one connection) records a {@code queued} status per active connection ({@link ManualSyncStore};
 * {@code failed} at once for one that cannot be polled), marks those connections due now (Clover's in
 * {@code poller.clover_merchant}, the others in {@code poller.poll_connection}; with {@code hoursBack} the poll reads
 * at least that far back), and wakes both worker sets; the offset is committed after that is stored, and whichever
 * replica claims a connection polls it with the request's correlation id. Requests of other kinds (TripleSeat
 * reconciliation) are sync-service's. Failure policy: the service kit's (a few in-place retries, then
 * {@code poll.requests.dlt}).
 */
@Component
public class ManualSyncListener {

    private static final Logger log = LoggerFactory.getLogger(ManualSyncListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CLOVER = Provider.CLOVER.id();

    private final ManualSyncStore statuses;
    private final MerchantStore clover;
    private final CloverPollWorkers cloverWorkers;
    private final PollStateStore others;
    private final PollWorkers otherWorkers;

    public ManualSyncListener(ManualSyncStore statuses, MerchantStore clover, CloverPollWorkers cloverWorkers,
            PollStateStore others, PollWorkers otherWorkers) {
        this.statuses = statuses;
        this.clover = clover;
        this.cloverWorkers = cloverWorkers;
        this.others = others;
        this.otherWorkers = otherWorkers;
    }

    @KafkaListener(id = "poller-manual-sync", groupId = "poller-manual-sync",
            topics = "#{T(io.tillsync.schemas.Topics).POLL_REQUESTS.name()}")
    public void onPollRequest(ConsumerRecord<String, PollRequest> record) {
        PollRequest request = record.value();
        if (request == null || request.getKind() != PollKind.CATALOG) {
            return;
        }
        List<String> providers = providers(request.getProvider());
        if (providers.isEmpty()) {
            log.info("manual sync {} names provider '{}', which is not a polled POS; ignored", request.getRequestId(),
                    request.getProvider());
            return;
        }
        String correlationId = request.getCorrelationId() != null ? request.getCorrelationId()
                : Correlation.from(record.headers());
        MDC.put(Correlation.MDC_KEY, correlationId);
        try {
            Instant rewindTo = request.getHoursBack() == null ? null
                    : request.getRequestedAt().minus(Duration.ofHours(request.getHoursBack()));
            cloverWorkers.discover();
            otherWorkers.discover();
            List<String> queued = statuses.record(request.getRequestId(), request.getTenant(), request.getConnectionId(),
                    providers).block(TIMEOUT);
            List<String> marked = new ArrayList<>();
            if (providers.contains(CLOVER)) {
                marked.addAll(clover.requestNow(request.getTenant(), request.getConnectionId(), rewindTo, correlationId)
                        .block(TIMEOUT));
            }
            List<String> nonClover = providers.stream().filter(p -> !CLOVER.equals(p)).toList();
            if (!nonClover.isEmpty()) {
                marked.addAll(others.requestNow(request.getTenant(), request.getConnectionId(), nonClover, rewindTo,
                        correlationId).block(TIMEOUT));
            }
            log.info("manual sync {} of tenant {}: {} queued, connection(s) {} due now{}", request.getRequestId(),
                    request.getTenant(), queued == null ? 0 : queued.size(), marked,
                    rewindTo == null ? "" : " reading from " + rewindTo);
            cloverWorkers.wake();
            otherWorkers.wake();
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    private static List<String> providers(String requested) {
        List<String> pos = java.util.Arrays.stream(Provider.values()).filter(Provider::pos).map(Provider::id).toList();
        if (requested == null) {
            return pos;
        }
        return pos.contains(requested) ? List.of(requested) : List.of();
    }
}
