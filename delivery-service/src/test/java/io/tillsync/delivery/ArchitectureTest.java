package io.tillsync.delivery;

import io.tillsync.testsupport.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Holds delivery-service's layout: feature packages without cycles, provider JSON only in platforms, topics from schemas. */
class ArchitectureTest {

    @Test
    void shouldKeepPackagesFreeOfCyclesAndProviderJsonInPlatforms() {
        ArchitectureRules.assertLayout("io.tillsync.delivery");
    }

    @Test
    void shouldNameTopicsOnlyThroughTheSchemasRegistry() {
        ArchitectureRules.assertTopicNamesThroughSchemas(Path.of("src/main/java"));
    }
}
