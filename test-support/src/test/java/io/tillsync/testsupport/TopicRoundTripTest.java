package io.tillsync.testsupport;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import io.tillsync.schemas.AvroJson;
import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One record of every registered topic goes through the real broker and registry and comes back equal. */
@StackTest
class TopicRoundTripTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.250Z");

    @Test
    void shouldRoundTripOneRecordOfEveryTopic() {
        String run = UUID.randomUUID().toString();
        List<SpecificRecord> samples = List.of(inbound(run), catalog(run), platformEvent(run), pollRequest(run), alert(run));
        assertThat(samples.stream().map(Object::getClass).map(Class::getName).toList()).containsExactlyElementsOf(
                Topics.all().stream().map(t -> t.valueType().getName()).toList());

        for (int i = 0; i < samples.size(); i++) {
            roundTrip(Topics.all().get(i), samples.get(i), run);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void roundTrip(Topic<String, V> topic, SpecificRecord sample, String run) {
        V value = (V) sample;
        TopicProbe.send(topic, run, value, Map.of("x-correlation-id", run));
        List<ConsumerRecord<String, V>> got = TopicProbe.await(topic, 1, Duration.ofSeconds(30), r -> run.equals(r.key()));
        // Field by field: Avro's generated equals() cannot compare arrays holding decimals (GenericData ignores conversions).
        assertThat(got.get(0).value()).as(topic.name()).isInstanceOf(topic.valueType());
        assertThat(AvroJson.toMap(got.get(0).value())).as(topic.name()).isEqualTo(AvroJson.toMap(value));
        assertThat(new String(got.get(0).headers().lastHeader("x-correlation-id").value())).isEqualTo(run);
    }

    private static InboundWebhook inbound(String run) {
        return InboundWebhook.newBuilder().setId(run).setTenant("acme").setConnectionId("conn-1").setProvider("shopify")
                .setEventType("products/update").setExternalEventId("evt-1").setReceivedAt(NOW)
                .setHeaders(Map.of("x-shopify-topic", "products/update"))
                .setBody(ByteBuffer.wrap("{\"id\":9554194432293}".getBytes(StandardCharsets.UTF_8)))
                .setContentType("application/json").setCorrelationId(run).build();
    }

    private static CatalogChange catalog(String run) {
        return CatalogChange.newBuilder().setChangeId(run).setTenant("acme").setConnectionId("conn-1").setProvider("clover")
                .setItemId("ITEM99").setSourceTime(NOW).setOrigin(ChangeOrigin.POLL).setCorrelationId(run)
                .setChange(ProductUpsert.newBuilder().setTitle("Burger").setVariants(List.of(Variant.newBuilder()
                        .setVariantId("ITEM99").setPrice(new BigDecimal("12.9900")).setCost(new BigDecimal("4.5000")).build()))
                        .setExtras(Map.of("priceType", "FIXED")).build())
                .build();
    }

    private static PlatformEvent platformEvent(String run) {
        return PlatformEvent.newBuilder().setEventId(run).setTenant("acme").setType("inventory.updated").setOccurredAt(NOW)
                .setSubject("ITEM99").setData(InventoryUpdated.newBuilder().setItemId("ITEM99")
                        .setQuantity(new BigDecimal("10.0000")).setPreviousQuantity(new BigDecimal("12.0000")).build())
                .build();
    }

    private static PollRequest pollRequest(String run) {
        return PollRequest.newBuilder().setRequestId(run).setTenant("acme").setKind(PollKind.CATALOG)
                .setTrigger(PollTrigger.MANUAL).setRequestedAt(NOW).setCorrelationId(run).build();
    }

    private static OpsAlert alert(String run) {
        return OpsAlert.newBuilder().setAlertId(run).setKind("TOKEN_INVALID").setSeverity(AlertSeverity.CRITICAL)
                .setMessage("Clover token rejected").setOccurredAt(NOW).setAttributes(Map.of("merchant", "MID")).build();
    }

}
