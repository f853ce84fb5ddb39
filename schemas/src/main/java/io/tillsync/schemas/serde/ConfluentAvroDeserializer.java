package io.tillsync.schemas.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format: looks the writer schema up by the id in bytes 1-4 and resolves it against the
 * reader schema (the generated class when {@code specific.avro.reader=true} or a target type is given, the writer
 * schema otherwise), so consumers keep working across compatible schema changes.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private final Class<? extends SpecificRecord> targetType;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer() {
        this(null);
    }

    /** A deserializer that always reads into this generated class. */
    public ConfluentAvroDeserializer(Class<? extends SpecificRecord> targetType) {
        this.targetType = targetType;
    }

    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Map<String, ?> props, Class<? extends SpecificRecord> targetType) {
        this(targetType);
        this.registry = registry;
        this.config = AvroSerdeConfig.from(props);
    }

    @Override
    public void configure(Map<String, ?> props, boolean isKey) {
        this.config = AvroSerdeConfig.from(props);
        this.registry = new SchemaRegistryClient(config.registryUrl, config.userInfo);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || buffer.get() != ConfluentAvroSerializer.MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte in record from topic " + topic
                    + ": not in the Confluent Avro wire format");
        }
        int id = buffer.getInt();
        try {
            DatumReader<Object> reader = readers.computeIfAbsent(id, this::readerFor);
            return (T) reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (SerializationException e) {
            throw e;
        } catch (Exception e) {
            throw new SerializationException("Could not read Avro record with schema id " + id + " from topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<Object> readerFor(int id) {
        Schema writer = registry.getById(id);
        SpecificData model = AvroModel.get();
        if (targetType != null) {
            return new SpecificDatumReader<>(writer, model.getSchema(targetType), model);
        }
        if (config.specificReader) {
            Class<?> cls = model.getClass(writer);
            if (cls != null && SpecificRecord.class.isAssignableFrom(cls)) {
                return new SpecificDatumReader<>(writer, model.getSchema(cls), model);
            }
        }
        return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
}
