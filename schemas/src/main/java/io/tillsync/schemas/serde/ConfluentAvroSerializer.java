package io.tillsync.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format: magic byte 0, the schema's 4-byte big-endian registry id,
 * then Avro binary. The subject is {@code <topic>-value} or {@code <topic>-key} (TopicNameStrategy).
 */
public class ConfluentAvroSerializer<T extends GenericContainer> implements Serializer<T> {

    static final byte MAGIC_BYTE = 0;

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private boolean isKey;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    public ConfluentAvroSerializer() {
    }

    /** For a client shared between serializers (tests, tools). */
    public ConfluentAvroSerializer(SchemaRegistryClient registry, Map<String, ?> props, boolean isKey) {
        this.registry = registry;
        this.config = AvroSerdeConfig.from(props);
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> props, boolean isKey) {
        this.config = AvroSerdeConfig.from(props);
        this.registry = new SchemaRegistryClient(config.registryUrl, config.userInfo);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id;
        if (config.useLatestVersion) {
            id = registry.latestId(subject);
        } else if (config.autoRegister) {
            id = registry.register(subject, schema);
        } else {
            id = registry.lookup(subject, schema);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> writerFor(data, s)).write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not write " + schema.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Object data, Schema schema) {
        if (data instanceof SpecificRecord) {
            return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema, AvroModel.get());
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }
}
