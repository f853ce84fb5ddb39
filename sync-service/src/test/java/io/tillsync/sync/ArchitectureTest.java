package io.tillsync.sync;

import io.tillsync.testsupport.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Holds sync-service's layout: feature packages without cycles, provider JSON only in platforms, topics from schemas. */
class ArchitectureTest {

    @Test
    void shouldKeepPackagesFreeOfCyclesAndProviderJsonInPlatforms() {
        ArchitectureRules.assertLayout("io.tillsync.sync");
    }

    @Test
    void shouldNameTopicsOnlyThroughTheSchemasRegistry() {
        ArchitectureRules.assertTopicNamesThroughSchemas(Path.of("src/main/java"));
    }
}
