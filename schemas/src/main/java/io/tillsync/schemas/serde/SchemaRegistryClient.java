package io.tillsync.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A caching client of the Confluent Schema Registry REST API (works with Confluent's registry and with compatible
 * ones such as Apicurio's ccompat endpoint). Schemas and ids are immutable once registered, so both directions are
 * cached for the life of the client. Several comma-separated URLs are tried in order.
 */
public class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One HTTP client for every instance: each serializer and deserializer (one per producer and consumer thread) has a
     * client of its own for its caches, and a JDK HttpClient each would keep a selector thread per instance alive.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<URI> baseUris;
    private final String authorization;
    private final Map<SubjectSchema, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    /**
     * Cache key. Avro's {@link Schema} caches its hash and compares the same instance by identity, so a hit costs next
     * to nothing; rendering the schema to JSON for the key (as a string key would) costs more than the serialization.
     */
    private record SubjectSchema(String subject, Schema schema) {
    }

    public SchemaRegistryClient(String urls, String basicUserInfo) {
        this.baseUris = java.util.Arrays.stream(urls.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> URI.create(s.endsWith("/") ? s : s + "/"))
                .toList();
        this.authorization = basicUserInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicUserInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers the schema under the subject (idempotent: the same schema returns the same id). */
    public int register(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
            JsonNode reply = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = reply.path("id").asInt();
            schemaById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** Finds the id of a schema already registered under the subject; fails when it is not registered. */
    public int lookup(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
            JsonNode reply = send("POST", "subjects/" + encode(subject), schemaBody(schema));
            int id = reply.path("id").asInt();
            schemaById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The id of the latest version registered under the subject (not cached: "latest" moves). */
    public int latestId(String subject) {
        return send("GET", "subjects/" + encode(subject) + "/versions/latest", null).path("id").asInt();
    }

    /** The schema with this global id. */
    public Schema getById(int id) {
        return schemaById.computeIfAbsent(id, k -> {
            JsonNode reply = send("GET", "schemas/ids/" + id, null);
            return new Schema.Parser().parse(reply.path("schema").asText());
        });
    }

    /** Sets the subject's compatibility level (BACKWARD, FORWARD, FULL, NONE, ...). */
    public void setCompatibility(String subject, String level) {
        send("PUT", "config/" + encode(subject), "{\"compatibility\":\"" + level + "\"}");
    }

    /** The subject's own compatibility level, or the registry's global one where the subject has none. */
    public String compatibility(String subject) {
        try {
            return send("GET", "config/" + encode(subject), null).path("compatibilityLevel").asText();
        } catch (SchemaRegistryException e) {
            if (e.status() != 404) {
                throw e;
            }
            return send("GET", "config", null).path("compatibilityLevel").asText();
        }
    }

    private static String schemaBody(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (URI base : baseUris) {
            HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                req.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                req.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode json = resp.body() == null || resp.body().isBlank()
                        ? JSON.createObjectNode() : JSON.readTree(resp.body());
                if (resp.statusCode() / 100 == 2) {
                    return json;
                }
                String message = json.path("message").asText(resp.body());
                throw new SchemaRegistryException("Schema registry " + method + " " + path + " answered "
                        + resp.statusCode() + ": " + message, resp.statusCode(), json.path("error_code").asInt(resp.statusCode()));
            } catch (IOException e) {
                last = new SchemaRegistryException("Schema registry at " + base + " unreachable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted calling the schema registry", e);
            }
        }
        throw last;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
