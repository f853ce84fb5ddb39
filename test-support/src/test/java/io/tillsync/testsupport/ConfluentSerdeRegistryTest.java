package io.tillsync.testsupport;

import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.AlertSeverity;
import io.tillsync.schemas.serde.AvroSerdeConfig;
import io.tillsync.schemas.serde.ConfluentAvroDeserializer;
import io.tillsync.schemas.serde.ConfluentAvroSerializer;
import io.tillsync.schemas.serde.SchemaRegistryClient;
import io.tillsync.schemas.serde.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serde against the real Confluent-compatible registry (Apicurio ccompat), not a mock. */
@StackTest
class ConfluentSerdeRegistryTest {

    private final String url = TestStack.start().registryUrl();
    private final String topic = "serde-test-" + UUID.randomUUID();

    private static Schema customerV1() {
        return SchemaBuilder.record("Customer").namespace("io.tillsync.test").fields()
                .requiredString("id").optionalString("email").endRecord();
    }

    @Test
    void shouldRegisterSchemaAndGetSameIdWhenRegisteredAgain() {
        SchemaRegistryClient first = new SchemaRegistryClient(url, null);
        SchemaRegistryClient second = new SchemaRegistryClient(url, null); // no shared cache: asks the registry
        int id = first.register(topic + "-value", customerV1());
        assertThat(second.register(topic + "-value", customerV1())).isEqualTo(id);
        assertThat(second.lookup(topic + "-value", customerV1())).isEqualTo(id);
    }

    @Test
    void shouldWriteConfluentWireFormatAndDecodeBySchemaId() {
        Map<String, Object> props = AvroSerdeConfig.forRegistry(url);
        ConfluentAvroSerializer<OpsAlert> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(props, false);
        OpsAlert alert = OpsAlert.newBuilder().setAlertId("a1").setKind("POLL_FAILED").setSeverity(AlertSeverity.CRITICAL)
                .setMessage("clover 401").setOccurredAt(Instant.parse("2026-11-23T10:15:30.123Z")).build();

        byte[] bytes = serializer.serialize(topic, alert);

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(new SchemaRegistryClient(url, null).getById(id).getFullName()).isEqualTo("io.tillsync.avro.OpsAlert");

        ConfluentAvroDeserializer<OpsAlert> deserializer = new ConfluentAvroDeserializer<>(OpsAlert.class);
        deserializer.configure(props, false);
        assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(alert);

        ConfluentAvroDeserializer<GenericRecord> generic = new ConfluentAvroDeserializer<>();
        generic.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url), false);
        assertThat(generic.deserialize(topic, bytes).get("message").toString()).isEqualTo("clover 401");
    }

    @Test
    void shouldRefuseBackwardIncompatibleChangeWithClearError() {
        SchemaRegistryClient client = new SchemaRegistryClient(url, null);
        String subject = topic + "-value";
        client.register(subject, customerV1());
        client.setCompatibility(subject, "BACKWARD");
        Schema v2 = SchemaBuilder.record("Customer").namespace("io.tillsync.test").fields()
                .requiredString("id").optionalString("email").requiredString("loyaltyTier").endRecord();

        assertThatThrownBy(() -> client.register(subject, v2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
                .hasMessageContaining("409");

        ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(AvroSerdeConfig.forRegistry(url), false);
        GenericRecord record = new GenericData.Record(v2);
        record.put("id", "c1");
        record.put("loyaltyTier", "gold");
        assertThatThrownBy(() -> serializer.serialize(topic, record)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldAcceptBackwardCompatibleChangeAndReadOldRecordsWithNewReader() {
        SchemaRegistryClient client = new SchemaRegistryClient(url, null);
        String subject = topic + "-value";
        client.setCompatibility(subject, "BACKWARD");
        client.register(subject, customerV1());
        Schema v2 = SchemaBuilder.record("Customer").namespace("io.tillsync.test").fields()
                .requiredString("id").optionalString("email").name("tier").type().stringType().stringDefault("none")
                .endRecord();
        assertThat(client.register(subject, v2)).isNotEqualTo(client.lookup(subject, customerV1()));
    }

    @Test
    void shouldRejectBytesWithoutMagicByte() {
        ConfluentAvroDeserializer<OpsAlert> deserializer = new ConfluentAvroDeserializer<>(OpsAlert.class);
        deserializer.configure(AvroSerdeConfig.forRegistry(url), false);
        assertThatThrownBy(() -> deserializer.deserialize(topic, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
    }
}
