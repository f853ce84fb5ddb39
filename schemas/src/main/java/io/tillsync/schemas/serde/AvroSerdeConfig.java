package io.tillsync.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys of the serde. They are Confluent's own names, so a deployment that can reach Confluent's jars
 * can swap in {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} by configuration alone.
 */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    final String registryUrl;
    final boolean autoRegister;
    final boolean useLatestVersion;
    final boolean specificReader;
    final String userInfo;

    private AvroSerdeConfig(Map<String, ?> props) {
        Object url = props.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\"");
        }
        this.registryUrl = url.toString();
        this.autoRegister = bool(props, AUTO_REGISTER_SCHEMAS, true);
        this.useLatestVersion = bool(props, USE_LATEST_VERSION, false);
        this.specificReader = bool(props, SPECIFIC_AVRO_READER, false);
        Object source = props.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        Object info = props.get(BASIC_AUTH_USER_INFO);
        this.userInfo = (source == null || "USER_INFO".equals(source.toString())) && info != null && !info.toString().isBlank()
                ? info.toString() : null;
    }

    /** Reads and validates the serde's keys from Kafka client properties. */
    public static AvroSerdeConfig from(Map<String, ?> props) {
        return new AvroSerdeConfig(props);
    }

    /** A registry client for these settings (URLs and credentials). */
    public SchemaRegistryClient registryClient() {
        return new SchemaRegistryClient(registryUrl, userInfo);
    }

    /** This project's defaults for one registry: auto-register on write, specific classes on read. */
    public static Map<String, Object> forRegistry(String registryUrl) {
        return Map.of(SCHEMA_REGISTRY_URL, registryUrl, AUTO_REGISTER_SCHEMAS, true, SPECIFIC_AVRO_READER, true);
    }

    private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
        Object v = props.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }
}
