package io.tillsync.sync.inbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inbound webhook pipeline (webhooks.inbound → audit → catalog.changes).
 *
 * @param parallelism           webhooks of one polled batch prepared at the same time (audit, parse, fetch)
 * @param batchTimeout          longest a batch may take before the listener gives up on it (then Kafka redelivers)
 * @param fetchTimeout          timeout of one provider API call made for a webhook that only names an object
 * @param squareCatalogLookback how far before a Square catalog version's {@code updated_at} the fetch begins
 * @param squareVersion         {@code Square-Version} header sent to Square's API
 * @param auditRetention        finished audit rows received longer ago than this are deleted (0 = keep forever)
 * @param auditPurgeBatch       audit rows deleted by one statement
 * @param auditPurgeInterval    pause between purge rounds
 */
@ConfigurationProperties("tillsync.sync.inbound")
public record InboundProperties(@DefaultValue("16") int parallelism, @DefaultValue("60s") Duration batchTimeout,
        @DefaultValue("10s") Duration fetchTimeout, @DefaultValue("2m") Duration squareCatalogLookback,
        @DefaultValue("2025-01-23") String squareVersion, @DefaultValue("30d") Duration auditRetention,
        @DefaultValue("1000") int auditPurgeBatch, @DefaultValue("1m") Duration auditPurgeInterval) {
}
