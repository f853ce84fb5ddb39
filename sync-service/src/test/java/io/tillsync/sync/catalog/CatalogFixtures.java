package io.tillsync.sync.catalog;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builders of normalized catalog changes as the parsers and the poller emit them, and a bulk sender. */
public final class CatalogFixtures {

    public static final Instant T0 = Instant.parse("2025-04-22T19:30:00Z");

    private CatalogFixtures() {
    }

    public static CatalogChange change(String tenant, String connectionId, String provider, String itemId,
            Instant sourceTime, Object body) {
        return change(tenant, connectionId, provider, itemId, sourceTime, UUID.randomUUID().toString(), body);
    }

    public static CatalogChange change(String tenant, String connectionId, String provider, String itemId,
            Instant sourceTime, String changeId, Object body) {
        return CatalogChange.newBuilder().setChangeId(changeId).setTenant(tenant).setConnectionId(connectionId)
                .setProvider(provider).setItemId(itemId).setSourceTime(sourceTime).setOrigin(ChangeOrigin.WEBHOOK)
                .setCorrelationId("corr-" + changeId).setChange(body).build();
    }

    public static AvailabilityChange availability(boolean available, String name) {
        return AvailabilityChange.newBuilder().setAvailable(available).setName(name)
                .setStatus(available ? "IN_STOCK" : "OUT_OF_STOCK").build();
    }

    public static InventoryLevel inventory(String quantity) {
        return InventoryLevel.newBuilder().setQuantity(new BigDecimal(quantity).setScale(4)).build();
    }

    public static Variant variant(String id, String sku, String price) {
        return Variant.newBuilder().setVariantId(id).setSku(sku)
                .setPrice(price == null ? null : new BigDecimal(price).setScale(4)).setCurrency("USD").build();
    }

    public static ProductUpsert product(String title, Variant... variants) {
        return ProductUpsert.newBuilder().setTitle(title).setStatus("active").setVariants(List.of(variants))
                .setExtras(Map.of()).build();
    }

    public static ProductDelete delete() {
        return ProductDelete.newBuilder().setReason("deleted").build();
    }

    /** Sends every change (key tenant:item) with one producer and waits for the broker's acknowledgements. */
    public static void send(List<CatalogChange> changes) {
        TestStack stack = TestStack.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, CatalogChange> producer = new KafkaProducer<>(props,
                Topics.CATALOG_CHANGES.keySerde().serializer(),
                Topics.CATALOG_CHANGES.valueSerde(stack.registryUrl()).serializer())) {
            for (CatalogChange c : changes) {
                producer.send(new ProducerRecord<>(Topics.CATALOG_CHANGES.name(), c.getTenant() + ":" + c.getItemId(), c));
            }
            producer.flush();
        }
    }

    public static void send(CatalogChange... changes) {
        send(List.of(changes));
    }

    /** The tenant's platform events currently on the topic. */
    public static List<PlatformEvent> events(String tenant) {
        return TopicProbe.readAll(Topics.PLATFORM_EVENTS, r -> tenant.equals(r.value().getTenant()))
                .stream().map(ConsumerRecord::value).toList();
    }

    /** Waits for at least {@code n} of the tenant's platform events matching the filter. */
    public static List<PlatformEvent> awaitEvents(String tenant, int n, Predicate<PlatformEvent> filter) {
        return TopicProbe.await(Topics.PLATFORM_EVENTS, n, Duration.ofSeconds(30),
                        r -> tenant.equals(r.value().getTenant()) && filter.test(r.value()))
                .stream().map(ConsumerRecord::value).toList();
    }
}
