package io.tillsync.intake;

import io.tillsync.testsupport.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Holds intake-service's layout: feature packages without cycles, provider JSON only in platforms, topics from schemas. */
class ArchitectureTest {

    @Test
    void shouldKeepPackagesFreeOfCyclesAndProviderJsonInPlatforms() {
        ArchitectureRules.assertLayout("io.tillsync.intake");
    }

    @Test
    void shouldNameTopicsOnlyThroughTheSchemasRegistry() {
        ArchitectureRules.assertTopicNamesThroughSchemas(Path.of("src/main/java"));
    }
}
