package io.tillsync.testsupport;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Holds a service's OpenAPI document to the one committed under {@code docs/openapi/<service>.json}: a change to the
 * API that does not update the file fails the build. Compared as JSON trees (key order and whitespace do not count;
 * {@code servers}, which names the test's random port, is left out). Run the test with {@code -Dopenapi.write=true}
 * to write what the service serves into the file instead, then review and commit the change.
 */
public final class OpenApiSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiSnapshot() {
    }

    /** Fails unless {@code served} (the service's {@code /openapi} answer) is the committed document. */
    public static void assertCommitted(String service, String served) {
        Path file = repositoryRoot().resolve("docs/openapi/" + service + ".json");
        String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        String regenerate = "regenerate it with: ./mvnw -pl deploy/registry,deploy/kafka," + service + " -am verify "
                + "-Dopenapi.write=true -Dtest=" + test + " -Dsurefire.failIfNoSpecifiedTests=false, then review and "
                + "commit docs/openapi/" + file.getFileName();
        try {
            JsonNode actual = JSON.readTree(served);
            ((ObjectNode) actual).remove("servers");
            if (Boolean.getBoolean("openapi.write")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(JSON.treeToValue(actual, Map.class)) + "\n",
                        StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("docs/openapi/" + service + ".json is missing; " + regenerate);
            }
            JsonNode committed = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (!committed.equals(actual)) {
                fail("The OpenAPI document " + service + " serves differs from docs/openapi/" + service + ".json at "
                        + firstDifference("", committed, actual) + ". If the API change is intended, " + regenerate);
            }
        } catch (JsonProcessingException e) {
            fail("the OpenAPI document is not JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON pointer of the first place where the two trees differ. */
    private static String firstDifference(String at, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null || expected.getNodeType() != actual.getNodeType()
                || expected.isValueNode()) {
            return (at.isEmpty() ? "/" : at) + " (committed " + abbreviate(expected) + ", served " + abbreviate(actual) + ")";
        }
        if (expected.isObject()) {
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!expected.get(name).equals(actual.get(name))) {
                    return firstDifference(at + "/" + name.replace("~", "~0").replace("/", "~1"), expected.get(name),
                            actual.get(name));
                }
            }
            Iterator<String> added = actual.fieldNames();
            while (added.hasNext()) {
                String name = added.next();
                if (!expected.has(name)) {
                    return at + "/" + name.replace("~", "~0").replace("/", "~1") + " (only served)";
                }
            }
        } else {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                if (!java.util.Objects.equals(expected.get(i), actual.get(i))) {
                    return firstDifference(at + "/" + i, expected.get(i), actual.get(i));
                }
            }
        }
        return at;
    }

    private static String abbreviate(JsonNode node) {
        String text = node == null ? "nothing" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
