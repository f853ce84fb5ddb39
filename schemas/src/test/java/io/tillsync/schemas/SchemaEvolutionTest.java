package io.tillsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The build-time twin of the registry's {@code BACKWARD} rule: every current schema must read what its last released
 * version (under {@code src/test/resources/released}) wrote, so a consumer upgraded first never meets a record it
 * cannot decode and the registry never refuses a producer's new version at run time.
 */
class SchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");

    @Test
    void shouldReadEveryReleasedVersionWithTheCurrentSchema() throws IOException {
        Map<String, Schema> released = parse(RELEASED);
        Map<String, Schema> current = parse(CURRENT);
        assertThat(released).as("released schemas").isNotEmpty();
        for (Map.Entry<String, Schema> old : released.entrySet()) {
            Schema now = current.get(old.getKey());
            assertThat(now).as(old.getKey() + " was released and must not disappear").isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(now, old.getValue()).getResult();
            assertThat(result.getCompatibility())
                    .as("%s cannot read its released version: %s", old.getKey(), result.getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void shouldRefuseANewFieldWithoutADefault() throws IOException {
        Schema released = parse(RELEASED).get("io.tillsync.avro.PollRequest");
        String json = released.toString();
        Schema changed = new Schema.Parser().parse(json.replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"priority\",\"type\":\"int\"},"));

        var result = SchemaCompatibility.checkReaderWriterCompatibility(changed, released).getResult();

        assertThat(result.getCompatibility()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    /** Every named top-level schema of a directory, by full name; {@code common/} first, as the Avro plugin imports it. */
    private static Map<String, Schema> parse(Path dir) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (Path file : avsc(dir.resolve("common"))) {
            parser.parse(file.toFile());
        }
        for (Path file : avsc(dir)) {
            Schema schema = parser.parse(file.toFile());
            byName.put(schema.getFullName(), schema);
        }
        return byName;
    }

    private static List<Path> avsc(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }
}
