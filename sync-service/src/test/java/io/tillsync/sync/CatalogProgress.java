package io.tillsync.sync;

import static org.awaitility.Awaitility.await;

import io.tillsync.avro.CatalogChange;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when {@code catalog.changes} records were applied, including ones that lost last-writer-wins and so left no
 * trace: the {@code sync-catalog} group commits an offset only after the batch's effects are durable, so a committed
 * offset past a record means the record was applied.
 */
public final class CatalogProgress {

    private CatalogProgress() {
    }

    /** Waits until {@code count} of the tenant's changes are on the topic and every one of them was applied. */
    public static List<ConsumerRecord<String, CatalogChange>> awaitApplied(String tenant, int count, Duration atMost) {
        return awaitApplied(count, atMost, r -> tenant.equals(r.value().getTenant()));
    }

    public static List<ConsumerRecord<String, CatalogChange>> awaitApplied(int count, Duration atMost,
            Predicate<ConsumerRecord<String, CatalogChange>> filter) {
        List<ConsumerRecord<String, CatalogChange>> records = TopicProbe.await(Topics.CATALOG_CHANGES, count, atMost, filter);
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.start().bootstrapServers()))) {
            await("catalog changes applied by sync-catalog").atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets("sync-catalog").partitionsToOffsetAndMetadata().get();
                        return records.stream().allMatch(r -> {
                            OffsetAndMetadata o = committed.get(new TopicPartition(r.topic(), r.partition()));
                            return o != null && o.offset() > r.offset();
                        });
                    });
        }
        return records;
    }
}
