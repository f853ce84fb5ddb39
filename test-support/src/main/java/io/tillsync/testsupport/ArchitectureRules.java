package io.tillsync.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tillsync.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout rules every service's {@code ArchitectureTest} holds: no dependency cycle between a service's packages,
 * no platform's JSON read outside the {@code platforms} module (no class named after a provider reads JSON with Jackson),
 * and no topic name written as a string outside {@code schemas}.
 */
public final class ArchitectureRules {

    /** Class-name prefixes of the providers whose JSON only {@code io.tillsync.platforms} may read. */
    private static final String PROVIDER_NAMES = ".*\\.(Shopify|Square|Clover|Toast|TripleSeat|Revel)[A-Z]\\w*";

    private ArchitectureRules() {
    }

    /** Checks the package rules for the production classes under {@code basePackage}. */
    public static void assertLayout(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        slices().matching(basePackage + ".(**)").should().beFreeOfCycles().check(classes);
        noClasses().that().haveNameMatching(PROVIDER_NAMES)
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..")
                .because("each provider's JSON is read in its package of the platforms module")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** Fails when a source file under {@code mainSources} spells a topic name as a string literal. */
    public static void assertTopicNamesThroughSchemas(Path mainSources) {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(mainSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                for (var topic : Topics.all()) {
                    for (String name : List.of(topic.name(), topic.dlt())) {
                        if (text.contains("\"" + name + "\"")) {
                            offenders.add(mainSources.relativize(file) + " spells \"" + name + "\"");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(offenders).as("topic names come from io.tillsync.schemas.Topics").isEmpty();
    }
}
